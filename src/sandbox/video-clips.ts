import mp41x1 from './assets/1x1.mp4';
import png1x1 from './assets/1x1.png';
import mp43x4 from './assets/3x4.mp4';
import png3x4 from './assets/3x4.png';
import mp44x3 from './assets/4x3.mp4';
import png4x3 from './assets/4x3.png';
import mp49x16 from './assets/9x16.mp4';
import png9x16 from './assets/9x16.png';
import mp416x9 from './assets/16x9.mp4';
import png16x9 from './assets/16x9.png';
import mp421x9 from './assets/21x9.mp4';
import png21x9 from './assets/21x9.png';

/** A committed H.264 clip (scripts/sandbox-clips.sh): 2 s, 12 fps, moov before mdat, and its last frame as PNG. */
export interface Clip {
  mp4: Buffer;
  lastFrame: Buffer;
  width: number;
  height: number;
}

export const CLIP_SECONDS = 2;

const bytes = (data: Uint8Array) => Buffer.from(data.buffer, data.byteOffset, data.byteLength);

function clip(mp4: Uint8Array, png: Uint8Array): Clip {
  const lastFrame = bytes(png);
  // IHDR is the first chunk: width and height at bytes 16 and 20.
  return { mp4: bytes(mp4), lastFrame, width: lastFrame.readUInt32BE(16), height: lastFrame.readUInt32BE(20) };
}

const CLIPS: Record<string, Clip> = {
  '16:9': clip(mp416x9, png16x9),
  '4:3': clip(mp44x3, png4x3),
  '1:1': clip(mp41x1, png1x1),
  '3:4': clip(mp43x4, png3x4),
  '9:16': clip(mp49x16, png9x16),
  '21:9': clip(mp421x9, png21x9),
};

/** The clip a task's video is made from: its ratio's; `adaptive` or none is 16:9, as the task reports. */
export function clipFor(ratio: string | null | undefined): Clip {
  return CLIPS[ratio ?? '16:9'] ?? (CLIPS['16:9'] as Clip);
}
