#!/bin/sh
# Re-makes the sandbox's committed clips (src/sandbox/assets): one tiny H.264 MP4 per ratio the API offers, moov first
# (so the `free` padding the sandbox appends comes after mdat), and the PNG of each clip's last frame at its size
# (palette colours).
# Needs ffmpeg with libx264. The outputs are committed; the build only embeds them.
set -eu
cd "$(dirname "$0")/../src/sandbox/assets"
for spec in 16x9:192x108 4x3:144x108 1x1:108x108 3x4:108x144 9x16:108x192 21x9:252x108; do
  name=${spec%%:*}
  size=${spec#*:}
  ffmpeg -v error -y -f lavfi -i "testsrc2=size=$size:rate=12:duration=2" \
    -c:v libx264 -preset veryslow -crf 36 -pix_fmt yuv420p -profile:v main -g 24 \
    -map_metadata -1 -fflags +bitexact -flags:v +bitexact -movflags +faststart "$name.mp4"
  # The last frame, in its own 256-colour palette: a third of the RGB file's size, and it looks the same.
  ffmpeg -v error -y -i "$name.mp4" -f image2pipe -c:v png - |
    ffmpeg -v error -y -i - -vf "split[a][b];[a]palettegen=stats_mode=single[p];[b][p]paletteuse=dither=none" \
      -update 1 -compression_level 9 -fflags +bitexact "$name.png"
done
ls -l
