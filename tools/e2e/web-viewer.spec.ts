import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { parseNpy } from '../../apps/web/src/results/npy';
import { openSample, startBrowserKit, type BrowserKit } from './browser-kit.fixture';

/**
 * The viewers in a real browser: zoom the frame and read a pixel (checked against the host's
 * raw frame), change scale, colour map and contrast, draw an ROI on the scan and run an
 * analysis that honours it.
 */
let kit: BrowserKit;

beforeAll(async () => {
  kit = await startBrowserKit('24x32', '64x64');
}, 60_000);

afterAll(async () => {
  await kit?.stop();
});

/** The host's file at `href` (a URL without the token), fetched with the token of the link the host printed. */
async function fetchNpy(href: string) {
  const token = new URL(kit.url).searchParams.get('token')!;
  const url = new URL(href, kit.url);
  url.searchParams.set('token', token);
  const response = await fetch(url);
  expect({ url: url.pathname, status: response.status }).toEqual({ url: url.pathname, status: 200 });
  return parseNpy(await response.arrayBuffer());
}

/** RGBA statistics of a canvas: a checksum, how many opaque pixels are grey, and how many white. */
function canvasStats(page: Page, testId: string) {
  return page.getByTestId(testId).evaluate((canvas: HTMLCanvasElement) => {
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let sum = 0;
    let opaque = 0;
    let grey = 0;
    let white = 0;
    for (let i = 0; i < data.length; i += 4) {
      sum = (sum * 31 + data[i]! * 7 + data[i + 1]! * 3 + data[i + 2]!) % 1_000_000_007;
      if (data[i + 3] !== 255) continue;
      opaque++;
      if (data[i] === data[i + 1] && data[i + 1] === data[i + 2]) grey++;
      if (data[i] === 255 && data[i + 1] === 255 && data[i + 2] === 255) white++;
    }
    return { sum, opaque, grey, white };
  });
}

async function waitForNewPixels(page: Page, testId: string, before: number) {
  await page.waitForFunction(
    ([id, old]) => {
      const canvas = document.querySelector<HTMLCanvasElement>(`[data-testid="${id}"]`)!;
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      let sum = 0;
      for (let i = 0; i < data.length; i += 4) sum = (sum * 31 + data[i]! * 7 + data[i + 1]! * 3 + data[i + 2]!) % 1_000_000_007;
      return sum !== old;
    },
    [testId, before] as const,
  );
}

it('zooms the frame, reads pixel values, changes the display and runs an analysis inside a drawn ROI', async () => {
  const page = await kit.browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openSample(page, kit);
  const frame = page.getByTestId('frame-image');
  await page.locator('[data-testid="frame-image"][data-frame-index="0"][data-loading="false"]').waitFor();
  const raw = await fetchNpy((await frame.getAttribute('src'))!);
  expect(raw.shape).toEqual([64, 64]);

  // Zoom ×(1.25^3) about the well's centre, then point 5.5 and 3.5 image pixels right of and below it.
  const well = page.getByTestId('frame-well');
  const box = (await well.boundingBox())!;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.mouse.move(cx, cy);
  await page.mouse.wheel(0, -300);
  await page.getByTestId('frame-fit').waitFor();
  const zoom = Number(await frame.getAttribute('data-zoom'));
  expect(zoom).toBeCloseTo(1.25 ** 3, 3);
  const scale = (Math.min(box.width, box.height) / 64) * zoom;
  await page.mouse.move(cx + 5.5 * scale, cy + 3.5 * scale);
  const readout = page.getByTestId('frame-readout');
  await page.locator('[data-testid="frame-readout"][data-x]').waitFor();
  const [x, y, value] = await Promise.all(['data-x', 'data-y', 'data-value'].map((a) => readout.getAttribute(a)));
  expect([Number(x), Number(y)]).toEqual([37, 35]);
  expect(Number(value)).toBe(raw.data[35 * 64 + 37]);

  // Linear instead of log, then grey instead of magma: the picture changes each time.
  let stats = await canvasStats(page, 'frame-image');
  expect(stats.opaque).toBeGreaterThan(1000);
  await page.getByTestId('frame-scale').selectOption('linear');
  await waitForNewPixels(page, 'frame-image', stats.sum);
  stats = await canvasStats(page, 'frame-image');
  expect(stats.grey).toBeLessThan(stats.opaque);
  await page.getByTestId('frame-colormap').selectOption('gray');
  await waitForNewPixels(page, 'frame-image', stats.sum);
  stats = await canvasStats(page, 'frame-image');
  expect(stats.grey).toBe(stats.opaque);

  // A low upper contrast limit turns more pixels white; "auto" sets limits inside the data's range.
  const sorted = Float32Array.from(raw.data).sort();
  const p90 = sorted[Math.floor(sorted.length * 0.9)]!;
  expect(p90).toBeGreaterThan(sorted[0]!);
  await page.getByTestId('frame-min').fill(String(sorted[0]));
  await page.getByTestId('frame-min').press('Enter');
  await page.getByTestId('frame-max').fill(String(p90));
  await page.getByTestId('frame-max').press('Enter');
  await waitForNewPixels(page, 'frame-image', stats.sum);
  const clipped = await canvasStats(page, 'frame-image');
  expect(clipped.white).toBeGreaterThan(stats.white);
  await page.getByTestId('frame-auto').click();
  const autoMax = Number(await page.getByTestId('frame-max').inputValue());
  expect(autoMax).toBeGreaterThan(p90);
  expect(autoMax).toBeLessThanOrEqual(sorted[sorted.length - 1]!);

  // Shift-drag on the scan from position (4, 3) to (12, 9).
  const nav = page.getByTestId('nav-canvas');
  await nav.scrollIntoViewIfNeeded();
  const navBox = (await nav.boundingBox())!;
  const at = (gx: number, gy: number) => [navBox.x + ((gx + 0.5) / 32) * navBox.width, navBox.y + ((gy + 0.5) / 24) * navBox.height] as const;
  await page.keyboard.down('Shift');
  await page.mouse.move(...at(4, 3));
  await page.mouse.down();
  await page.mouse.move(...at(8, 6), { steps: 3 });
  await page.mouse.move(...at(12, 9), { steps: 3 });
  await page.mouse.up();
  await page.keyboard.up('Shift');
  const summary = page.getByTestId('roi-summary');
  expect(await Promise.all(['data-x0', 'data-y0', 'data-x1', 'data-y1'].map((a) => summary.getAttribute(a)))).toEqual(['4', '3', '12', '9']);

  // The next analysis processes only the ROI: NaN everywhere else.
  await page.getByTestId('plugin-select').selectOption('sum-sig');
  await page.getByTestId('run-analysis').click();
  await page.locator('[data-testid="job-status"][data-status="done"]').waitFor({ timeout: 30_000 });
  const result = await fetchNpy((await page.getByTestId('download-npy').getAttribute('href'))!);
  expect(result.shape.slice(0, 2)).toEqual([24, 32]);
  const wrong: string[] = [];
  for (let gy = 0; gy < 24; gy++) {
    for (let gx = 0; gx < 32; gx++) {
      const inside = gx >= 4 && gx <= 12 && gy >= 3 && gy <= 9;
      if (Number.isFinite(result.data[gy * 32 + gx]) !== inside) wrong.push(`${gx},${gy}`);
    }
  }
  expect(wrong).toEqual([]);

  // A plain click inside the ROI shows that position's frame; "fit" shows the whole frame again.
  await page.mouse.click(...at(8, 6));
  await page.locator(`[data-testid="frame-image"][data-frame-index="${6 * 32 + 8}"][data-loading="false"]`).waitFor();
  await page.getByTestId('frame-fit').click();
  await page.getByTestId('frame-fit').waitFor({ state: 'detached' });
  await page.locator('[data-testid="result-canvas"]').waitFor();
  mkdirSync(join(kit.root, 'docs/images'), { recursive: true });
  await page.locator('.viewers').screenshot({ path: join(kit.root, 'docs/images/frame-and-scan.png') });
  expect(errors).toEqual([]);
}, 60_000);
