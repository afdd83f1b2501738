import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jpeg, png, webp, writeImages } from '../helpers/images.js';
import { tempDir } from '../helpers/run-cli.js';
import { KEY, useSandbox } from '../helpers/sandbox.js';

const s = useSandbox();
const img = writeImages({
  'cat.png': png(1024, 768),
  'dog.jpg': jpeg(800, 1200),
  'sky.webp': webp(1280, 720),
  'huge.png': png(7000, 4000),
  'tiny.jpg': jpeg(200, 200),
  'wide.webp': webp(3000, 1000),
  'notes.txt': Buffer.from('not an image'),
});
const VIDEO = 'https://example.com/moves.mp4';
const AUDIO = 'https://example.com/beat.mp3';

/** Runs the CLI and asserts the sandbox saw no request at all. */
async function refused(argv: string[], options: { cwd?: string } = {}) {
  const before = s.sandbox.stats.requests.length;
  const run = await s.cli(argv, options);
  expect(s.sandbox.stats.requests.length).toBe(before);
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  return run;
}

describe('create with media', () => {
  it('the done-means dry run: text, image and video items with their roles', async () => {
    const run = await s.cli(
      ['create', 'Image 1 dances', '--ref-image', 'cat.png', '--ref-video', 'https://x/y.mp4', '--ratio', '9:16'],
      { cwd: img.dir },
    );
    expect(run.code).toBe(0);
    const dry = await s.cli(
      [
        'create',
        'Image 1 dances',
        '--ref-image',
        'cat.png',
        '--ref-video',
        'https://x/y.mp4',
        '--ratio',
        '9:16',
      ].concat(['--duration', '-1', '--dry-run', '--json']),
      { cwd: img.dir },
    );
    expect(dry.code).toBe(0);
    const request = JSON.parse(dry.stdout);
    expect(request.body.content).toEqual([
      { type: 'text', text: 'Image 1 dances' },
      {
        type: 'image_url',
        image_url: { url: expect.stringMatching(/^data:image\/png;base64,iVBORw0KGgo/) },
        role: 'reference_image',
      },
      { type: 'video_url', video_url: { url: 'https://x/y.mp4' }, role: 'reference_video' },
    ]);
    expect(request.body).toMatchObject({ ratio: '9:16', duration: -1 });
    expect(request.headers.authorization).toBe(`Bearer sk-…${KEY.slice(-4)}`);
    expect(request.estimate).toMatchObject({ note: expect.stringContaining('estimate'), width: 720, height: 1280 });
    expect(request.estimate.output_tokens).toBe(Math.floor((720 * 1280 * 361) / 1024));
  });

  it('a 2.0 multimodal create with 2 images, 1 video and 1 audio URL is accepted by the sandbox', async () => {
    const before = s.sandbox.stats.creates;
    const run = await s.cli(
      ['create', 'Image 1 and Image 2 dance like Video 1 to Audio 1', '--ref-image', img['dog.jpg']!].concat([
        '--ref-image',
        img['sky.webp']!,
        '--ref-video',
        VIDEO,
        '--ref-audio',
        AUDIO,
        '--json',
      ]),
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'queued', model: 'doubao-seedance-2-0-260128' });
    expect(s.sandbox.stats.creates).toBe(before + 1);
  });

  it('first and last frame from local files, every parameter flag, accepted by the sandbox', async () => {
    const run = await s.cli([
      ...['create', 'the door opens', '--first-frame', img['cat.png']!, '--last-frame', img['sky.webp']!],
      ...['--resolution', '1080p', '--ratio', 'adaptive', '--duration', '8', '--seed', '42', '--watermark'],
      ...['--no-audio', '--return-last-frame', '--callback-url', 'https://me.example/hook/', '--priority', '5'],
      ...['--expires-after', '2h', '--tool', 'web-search', '--safety-id', 'user-7', '--dry-run', '--json'],
    ]);
    expect(run.code).toBe(0);
    const { body } = JSON.parse(run.stdout);
    expect(body.content.map((item: { role?: string }) => item.role)).toEqual([undefined, 'first_frame', 'last_frame']);
    expect(body).toMatchObject({
      resolution: '1080p',
      ratio: 'adaptive',
      duration: 8,
      seed: 42,
      watermark: true,
      generate_audio: false,
      return_last_frame: true,
      callback_url: 'https://me.example/hook/',
      priority: 5,
      execution_expires_after: 7200,
      tools: [{ type: 'web_search' }],
      safety_identifier: 'user-7',
    });
    const real = await s.cli(['create', '--body', writeBody(body)]);
    expect(real.code).toBe(0);
    expect(real.stdout).toMatch(/^cgt-/);
  });

  it('human dry run shortens data URLs and prints the estimate on stderr', async () => {
    const run = await s.cli(['create', 'x', '--ref-image', img['cat.png']!, '--dry-run']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^POST http:\/\/127\.0\.0\.1:\d+\/v1\/video\/generations\n/);
    expect(run.stdout).toMatch(/data:image\/png;base64,.{1,40}…\(\d+ B\)/);
    expect(run.stderr).toMatch(
      /estimate: ~[\d,]+ tokens ≈ ¥[\d.]+ at the Volcengine list price .*\(1280×720, 121 frames; assuming/,
    );
  });

  it('--body is a base that flags override; config defaults lose to both', async () => {
    const dir = tempDir();
    const env = { SEEDANCE_CONFIG_DIR: dir };
    expect((await s.cli(['config', 'set', 'ratio', '1:1'], { env })).code).toBe(0);
    expect((await s.cli(['config', 'set', 'expires-after', '24h'], { env })).code).toBe(0);
    const list = await s.cli(['config', 'list'], { env });
    expect(list.stdout).toContain('expires-after = 24h');
    const base = writeBody({
      model: 'doubao-seedance-2-0-fast-260128',
      content: [{ type: 'text', text: 'base' }],
      ratio: '4:3',
      seed: 5,
    });
    const run = await s.cli(['create', '--body', base, '--seed', '9', '--dry-run', '--json'], { env });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).body).toEqual({
      model: 'doubao-seedance-2-0-fast-260128',
      content: [{ type: 'text', text: 'base' }],
      ratio: '4:3',
      seed: 9,
      execution_expires_after: 86400,
      generate_audio: true,
    });
    const flagWins = await s.cli(['create', 'x', '--ratio', '16:9', '--dry-run', '--json'], { env });
    expect(JSON.parse(flagWins.stdout).body.ratio).toBe('16:9');
  });

  it('a long prompt warns on stderr and is still sent', async () => {
    const run = await s.cli(['create', 'word '.repeat(1200)]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/warning: the prompt is long \(1200 words\)/);
  });

  it('4k: sent for 2.0 standard; refused for 2.0 fast (480p/720p, models.md) before anything is sent', async () => {
    expect((await s.cli(['create', 'x', '--resolution', '4k'])).code).toBe(0);
    const before = s.sandbox.stats.requests.length;
    const fast = await s.cli(['create', 'x', '--resolution', '4k', '-m', 'doubao-seedance-2-0-fast-260128']);
    expect(fast.stderr).toMatch(
      /error: --resolution 4k is not available on Seedance 2\.0 fast \(doubao-seedance-2-0-fast-260128\): 480p, 720p/,
    );
    expect(s.sandbox.stats.requests.length).toBe(before);
    expect(fast.code).toBe(2);
  });

  it('--save-last-frame (not --last-frame, an input here) saves the returned last frame', async () => {
    const cwd = tempDir();
    // The Ark provider: the gateway's default task shape carries no last-frame URL.
    const env = { SEEDANCE_PROVIDER: 'ark', SEEDANCE_BASE_URL: `${s.sandbox.url}/api/v3` };
    const argv = ['create', 'a fox', '--return-last-frame', '-o', 'fox.mp4', '--save-last-frame'];
    const run = await s.cli(argv, { cwd, env });
    expect(run.code).toBe(0);
    expect(readFileSync(join(cwd, 'fox.last-frame.png')).subarray(1, 4).toString()).toBe('PNG');
  });

  it('media without a prompt is enough', async () => {
    const run = await s.cli(['create', '--first-frame', img['cat.png']!]);
    expect(run.code).toBe(0);
  });

  it('create --help says the prompt names media in order', async () => {
    const run = await s.cli(['create', '--help']);
    const text = run.stdout.replace(/\s+/g, ' ');
    expect(text).toContain('may name the media in order ("Image 1", "Video 1", "Audio 1")');
    expect(run.stdout).toContain('--ref-audio <url>');
  });
});

describe('create refuses before any request (exit 2)', () => {
  it.each([
    ['a 7000-px image', ['--ref-image', 'huge.png'], /huge\.png: 7000×4000 px; each side must be 300–6000 px/],
    ['a 200-px image', ['--first-frame', 'tiny.jpg'], /tiny\.jpg: 200×200 px/],
    ['an aspect ratio of 3', ['--ref-image', 'wide.webp'], /wide\.webp: 3000×1000 px has aspect ratio 3\.00/],
    ['a file that is no image', ['--ref-image', 'notes.txt'], /notes\.txt: not a supported image \(jpeg, png/],
    [
      'a missing file',
      ['--ref-image', 'gone.png'],
      /--ref-image .*gone\.png: cannot read the file: ENOENT \(no such file or directory\)/,
    ],
    ['a local video', ['--ref-image', 'cat.png', '--ref-video', 'clip.mp4'], /--ref-video clip\.mp4: video must be/],
    ['a local audio', ['--ref-image', 'cat.png', '--ref-audio', 'a.mp3'], /--ref-audio a\.mp3: audio must be a public/],
    ['audio only', ['--ref-audio', AUDIO], /--ref-audio needs at least one --ref-image or --ref-video/],
    ['a last frame alone', ['--last-frame', 'cat.png'], /--last-frame needs --first-frame/],
    ['frames mixed with references', ['--first-frame', 'cat.png', '--ref-video', VIDEO], /cannot be combined/],
    [
      '10 images',
      Array(10).fill(['--ref-image', 'cat.png']).flat(),
      /too many images for Seedance 2\.0 \(sd2\.0\): 10 \(at most 9\)/,
    ],
    [
      '4 videos',
      ['--ref-image', 'cat.png', ...Array(4).fill(['--ref-video', VIDEO]).flat()],
      /too many reference videos for .*: 4/,
    ],
    [
      '4 audios',
      ['--ref-video', VIDEO, ...Array(4).fill(['--ref-audio', AUDIO]).flat()],
      /too many reference audios for .*: 4/,
    ],
    [
      '13 media',
      [...Array(9).fill(['--ref-image', 'cat.png']).flat(), ...Array(3).fill(['--ref-video', VIDEO]).flat()].concat([
        '--ref-audio',
        AUDIO,
      ]),
      /too many media inputs for .*: 13 \(at most 12\)/,
    ],
    ['a non-http callback', ['--callback-url', 'ftp://me.example/hook'], /callback-url must be an http\(s\) URL/],
    ['expiry under 1h', ['--expires-after', '30m'], /expires-after must be between 1h and 72h/],
    ['bad frames', ['--frames', '30'], /frames must be 25\+4n/],
    ['an unknown tool', ['--tool', 'calculator'], /tool must be one of web-search/],
    [
      '4k on Seedance 1.5',
      ['--resolution', '4k', '-m', 'doubao-seedance-1-5-pro-251215'],
      /--resolution 4k is not available on Seedance 1\.5 pro .*: 480p, 720p, 1080p/,
    ],
    ['a draft in 720p', ['-m', '1.5-pro', '--draft', '--resolution', '720p'], /a --draft is always 480p/],
    ['a draft on 2.0', ['--draft'], /--draft is not accepted by Seedance 2\.0 \(sd2\.0\)/],
    ['a missing --body file', ['--body', 'nope.json'], /cannot read --body .*nope\.json: ENOENT/],
  ])('%s', async (_name, flags, message) => {
    const run = await refused(['create', 'Image 1 dances', ...(flags as string[])], { cwd: img.dir });
    expect(run.stderr).toMatch(message);
  });

  it('an empty prompt with no media', async () => {
    const run = await refused(['create', '  ']);
    expect(run.stderr).toContain('a prompt is required');
  });
});

function writeBody(body: unknown): string {
  const path = join(tempDir('seedance-body-'), 'body.json');
  writeFileSync(path, JSON.stringify(body));
  return path;
}
