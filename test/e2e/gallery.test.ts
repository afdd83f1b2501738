import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/run-cli.js';
import { useSandbox } from '../helpers/sandbox.js';
import { skipNote } from '../helpers/skip.js';
import { until } from '../helpers/until.js';

const s = useSandbox({ renderMs: 5_000 });
const XSS = '<img src=x onerror=alert(1)> "quoted" & \'single\' <script>window.pwned=1</script>';
const CHROMIUM = process.env.SEEDANCE_TEST_CHROMIUM ?? '/usr/bin/chromium';

let dir: string;
let env: Record<string, string>;
const cli = (argv: string[]) => s.cli(argv, { cwd: dir, env });
const page = () => readFileSync(join(dir, 'gallery.html'), 'utf8');

beforeAll(async () => {
  dir = tempDir('seedance-gallery-');
  env = { SEEDANCE_CONFIG_DIR: join(dir, '.config') };
  const made = [
    ['create', 'a red fox in the snow', '--ratio', '9:16', '--seed', '7', '-o', 'fox.mp4', '--sidecar'],
    ['create', 'a paper boat', '--ratio', '21:9', '--return-last-frame', '-o', 'boat.mp4', '--save-last-frame'],
    ['create', 'gone with the wind', '-o', 'gone.mp4'],
    ['create', XSS, '--ratio', '1:1', '-o', 'xss.mp4', '--sidecar', '--gallery'],
  ];
  for (const argv of made) expect((await cli(argv)).code, argv.join(' ')).toBe(0);
  rmSync(join(dir, 'gone.mp4'));
});

describe('seedance gallery', () => {
  it('create --gallery wrote the page; every string is escaped; a CSP that allows only its own script by hash', () => {
    const html = page();
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script>window.pwned');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; &quot;quoted&quot; &amp; &#39;single&#39;');
    const markup = html.replace(/<script>[\s\S]*?<\/script>/, '').replace(/"[^"]*"/g, '""');
    expect(markup).not.toMatch(/<[^>]*\son[a-z]+=/i);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/https?:|\*/);
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1] ?? '');
    expect(scripts).toHaveLength(1);
    const hash = createHash('sha256').update(scripts[0]!).digest('base64');
    expect(csp).toContain(`script-src 'sha256-${hash}'`);
  });

  it('gallery [dir]: prints the page path; cards from sidecars and the journal; the missing file says how to get it back', async () => {
    const run = await cli(['gallery', '.', '-o', 'page.html', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ path: join(dir, 'page.html'), videos: 3, missing: 1 });
    const html = readFileSync(join(dir, 'page.html'), 'utf8');
    expect(html).toMatch(/<video controls preload="metadata" src="fox\.mp4"><\/video>/);
    expect(html).toContain('src="boat.mp4" poster="boat.last-frame.png"');
    const gone = /<article class="card is-missing"[^>]*data-id="([^"]+)"[\s\S]*?<\/article>/.exec(html);
    expect(gone?.[0]).toContain(`seedance download ${gone?.[1]} -o ${join(dir, 'gone.mp4')}`);
    expect(html).toContain('seedance create &#39;a red fox in the snow&#39; --model sd2.0 --ratio 9:16 --seed 7');
    expect(html).toMatch(/<dt>seed<\/dt><dd>7<\/dd>/);
    expect(html).toMatch(/<dt>cost<\/dt><dd>≈ ¥\d+\.\d\d \(list price\)<\/dd>/);
    const plain = await cli(['gallery']);
    expect(plain.stdout).toBe('gallery.html\n');
    expect(plain.stderr).toBe('wrote gallery.html (3 videos, 1 missing)\n');
  });

  it('batch --download --gallery refreshes the page in --output-dir; a file is not a directory (exit 2)', async () => {
    const jobs = join(dir, 'jobs.jsonl');
    writeFileSync(jobs, '{"id":"one","prompt":"one"}\n{"id":"two","prompt":"two","ratio":"4:3"}\n');
    const run = await cli(['batch', 'jobs.jsonl', '--download', '--output-dir', 'clips', '--gallery', '--json']);
    expect(run.code).toBe(0);
    const html = readFileSync(join(dir, 'clips', 'gallery.html'), 'utf8');
    expect(html.match(/<article /g)).toHaveLength(2);
    const bad = await cli(['gallery', 'jobs.jsonl']);
    expect([bad.code, bad.stderr]).toEqual([2, 'error: jobs.jsonl is not a directory\n']);
  });

  it('a gallery page that cannot be written after a download is a warning: the verified video stands, exit 0', async () => {
    const folder = join(dir, 'blocked');
    // A directory where the page would go: the rename onto it fails.
    mkdirSync(join(folder, 'gallery.html'), { recursive: true });
    const run = await cli(['create', 'a blocked page', '-o', 'blocked/clip.mp4', '--gallery']);
    expect(run.code).toBe(0);
    expect(existsSync(join(folder, 'clip.mp4'))).toBe(true);
    expect(run.stderr).toMatch(/warning: the video is saved, but the gallery was not updated: cannot write /);
    expect(readdirSync(folder).sort()).toEqual(['clip.mp4', 'gallery.html']);
  });

  it('wait and download take --gallery too, as create and batch do', async () => {
    const id = (await cli(['create', 'a lighthouse at dusk'])).stdout.trim();
    expect((await cli(['wait', id, '-o', 'waited/', '--gallery'])).code).toBe(0);
    expect(readFileSync(join(dir, 'waited', 'gallery.html'), 'utf8')).toContain('a lighthouse at dusk');
    expect((await cli(['download', id, '-o', 'fetched/', '--gallery'])).code).toBe(0);
    expect(readFileSync(join(dir, 'fetched', 'gallery.html'), 'utf8')).toContain('a lighthouse at dusk');
  });

  const linux = process.platform === 'linux';
  it.skipIf(!linux)(`--open hands the page to xdg-open${skipNote(linux, 'xdg-open is for Linux')}`, async () => {
    const bin = join(dir, 'bin');
    mkdirSync(bin, { recursive: true });
    const opened = join(dir, 'opened.txt');
    writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s' "$1" > '${opened}'\n`);
    chmodSync(join(bin, 'xdg-open'), 0o755);
    const run = await s.cli(['gallery', '--open'], { cwd: dir, env: { ...env, PATH: `${bin}:${process.env.PATH}` } });
    expect(run.code).toBe(0);
    await until(() => existsSync(opened) && readFileSync(opened, 'utf8') !== '', 'xdg-open to run');
    expect(readFileSync(opened, 'utf8')).toBe(join(dir, 'gallery.html'));
  });

  const browsable = existsSync(CHROMIUM);
  const inChromium =
    'in headless Chromium: no console error, no network, every video plays its clip, the filter works, the XSS stays text';
  it.skipIf(!browsable)(`${inChromium}${skipNote(browsable, `no Chromium at ${CHROMIUM}`)}`, async () => {
    await cli(['gallery']);
    const profile = tempDir('seedance-chromium-');
    const browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1100, height: 760 },
      args: [
        ...['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'],
        ...['--disable-background-networking', '--disable-component-update', '--disable-sync'],
      ],
    });
    try {
      const tab = await browser.newPage();
      const problems: string[] = [];
      const network: string[] = [];
      tab.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
      });
      tab.on('pageerror', (error) => problems.push(error.message));
      tab.on('dialog', (dialog) => {
        problems.push(`dialog: ${dialog.message()}`);
        void dialog.dismiss();
      });
      tab.on('request', (request) => {
        if (!request.url().startsWith('file:')) network.push(request.url());
      });
      await tab.goto(pathToFileURL(join(dir, 'gallery.html')).href);
      // Strings, not functions: they run in the page, and this project compiles without the DOM types.
      const videos = "Array.from(document.querySelectorAll('video'))";
      await tab.waitForFunction(`${videos}.every((v) => v.readyState >= 1)`);
      expect(await tab.evaluate(`${videos}.map((v) => v.duration)`)).toEqual([2, 2, 2]);
      const sizes = await tab.evaluate(`${videos}.map((v) => v.videoWidth + 'x' + v.videoHeight).sort()`);
      expect(sizes).toEqual(['108x108', '108x192', '252x108']);

      const visible = () =>
        tab.evaluate("Array.from(document.querySelectorAll('article.card')).filter((c) => !c.hidden).length");
      expect(await visible()).toBe(4);
      await tab.fill('#filter', 'FOX snow');
      expect(await visible()).toBe(1);
      expect(await tab.textContent('#count')).toBe('1 of 4');
      await tab.keyboard.press('Escape');
      expect(await visible()).toBe(4);
      await tab.keyboard.press('j');
      expect(await tab.evaluate("document.activeElement.classList.contains('card')")).toBe(true);
      const order = () =>
        tab.evaluate("Array.from(document.querySelectorAll('article.card')).map((c) => c.dataset.cost)");
      await tab.selectOption('#sort', 'cost-desc');
      const costs = (await order()) as string[];
      expect(costs.map(Number)).toEqual([...costs.map(Number)].sort((a, b) => b - a));
      await tab.selectOption('#sort', 'date-asc');
      const copy = tab.locator('button.copy').first();
      await copy.click();
      expect(await copy.textContent()).toBe('copied');

      expect(await tab.locator('p.prompt').allTextContents()).toContain(XSS);
      expect(await tab.evaluate("[document.images.length, 'pwned' in window]")).toEqual([0, false]);
      mkdirSync('.tmp/test-artifacts', { recursive: true });
      await tab.screenshot({ path: '.tmp/test-artifacts/gallery.png' });
      expect(problems).toEqual([]);
      expect(network).toEqual([]);
    } finally {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });
});
