import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { OVERLAY_KINDS as WEB_OVERLAY_KINDS } from '../../apps/web/src/analysis/overlay';
import { parseNpy } from '../../apps/web/src/results/npy';
import { OVERLAY_KINDS as CLI_OVERLAY_KINDS } from '../cli/src/plugin/schema-form-checks';
import { openSample, startBrowserKit, type BrowserKit } from './browser-kit.fixture';

/**
 * The mask editor in a real browser, on a zoomed frame: a ring's handles dragged (the form
 * follows), a form field typed (the ring follows), a triangle drawn by clicks and run, its
 * result checked against a sum over the raw frame; the strain analysis's reference lattice
 * drawn, its vector a dragged and b typed.
 */
let kit: BrowserKit;

beforeAll(async () => {
  kit = await startBrowserKit('24x32', '64x64');
}, 60_000);

afterAll(async () => {
  await kit?.stop();
});

/** The host's .npy at `href`, fetched with the link's token; float64 data read at full precision. */
async function fetchNpy(href: string): Promise<{ shape: number[]; dtype: string; values: ArrayLike<number> }> {
  const url = new URL(href, kit.url);
  url.searchParams.set('token', new URL(kit.url).searchParams.get('token')!);
  const response = await fetch(url);
  expect(response.status).toBe(200);
  const buffer = await response.arrayBuffer();
  const npy = parseNpy(buffer);
  const count = npy.shape.reduce((a, b) => a * b, 1);
  // The data is the end of the file: a float64 array is re-read from there without rounding.
  const values = npy.dtype === '<f8' ? new Float64Array(buffer.slice(buffer.byteLength - count * 8)) : npy.data;
  return { shape: npy.shape, dtype: npy.dtype, values };
}

async function centreOf(locator: Locator) {
  const box = (await locator.boundingBox())!;
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

async function drag(page: Page, from: { x: number; y: number }, dx: number, dy: number) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + dx / 2, from.y + dy / 2, { steps: 4 });
  await page.mouse.move(from.x + dx, from.y + dy, { steps: 4 });
  await page.mouse.up();
}

const numberIn = async (page: Page, id: string) => Number(await page.locator(`#${id}`).inputValue());

/** Even–odd test of a pixel centre with PNPOLY's half-open edges (the SDK's stated polygon rule). */
function inside(x: number, y: number, vertices: { x: number; y: number }[]): boolean {
  let odd = false;
  for (let i = 0, j = vertices.length - 1; i < vertices.length; j = i++) {
    const a = vertices[j]!;
    const b = vertices[i]!;
    if (a.y > y !== b.y > y && x < a.x + ((y - a.y) * (b.x - a.x)) / (b.y - a.y)) odd = !odd;
  }
  return odd;
}

it('drags a ring, follows typed values, draws a polygon and runs it', async () => {
  const page = await kit.browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openSample(page, kit);
  await page.locator('[data-testid="frame-image"][data-frame-index="0"][data-loading="false"]').waitFor();
  await page.getByTestId('plugin-select').selectOption('virtual-detector');
  await page.locator('#root_shape').selectOption('ring');
  // Typed values move the ring: an outer radius that keeps its handle in view once zoomed.
  await page.locator('#root_ro').fill('20');
  await page.locator('#root_ri').fill('10');
  await page.locator('[data-testid="overlay-ro"][r="20"]').waitFor();

  // Zoom ×1.25² about the middle of the frame.
  const well = page.getByTestId('frame-well');
  const wellBox = (await well.boundingBox())!;
  await page.mouse.move(wellBox.x + wellBox.width / 2, wellBox.y + wellBox.height / 2);
  await page.mouse.wheel(0, -200);
  await page.getByTestId('frame-fit').waitFor();
  const zoom = Number(await page.getByTestId('frame-image').getAttribute('data-zoom'));
  expect(zoom).toBeCloseTo(1.25 ** 2, 3);
  const scale = (Math.min(wellBox.width, wellBox.height) / 64) * zoom; // screen px per frame px

  // The handles sit where the ring is on screen: outer radius 20 frame px right of the centre.
  const centre = await centreOf(page.getByTestId('handle-root-centre'));
  const outer = await centreOf(page.getByTestId('handle-root-ro'));
  expect(outer.x - centre.x).toBeCloseTo(20 * scale, 0);
  expect(outer.y).toBeCloseTo(centre.y, 0);

  // Drag the outer handle 45 screen px outward (and a little down, which barely changes the radius).
  await drag(page, outer, 45, 6);
  const movedOuter = await centreOf(page.getByTestId('handle-root-ro'));
  const expectedRo = Math.hypot(movedOuter.x - centre.x, movedOuter.y - centre.y) / scale;
  expect(Math.abs(expectedRo - Math.hypot(20 * scale + 45, 6) / scale)).toBeLessThan(0.2);
  expect(Math.abs((await numberIn(page, 'root_ro')) - expectedRo)).toBeLessThan(1);
  expect(Math.abs((await numberIn(page, 'root_ro')) - 20 - 45 / scale)).toBeLessThan(1);

  // Drag the centre; cx, cy follow in frame pixels.
  const [cx0, cy0] = [await numberIn(page, 'root_cx'), await numberIn(page, 'root_cy')];
  await drag(page, centre, -30, 24);
  expect(Math.abs((await numberIn(page, 'root_cx')) - (cx0 - 30 / scale))).toBeLessThan(0.2);
  expect(Math.abs((await numberIn(page, 'root_cy')) - (cy0 + 24 / scale))).toBeLessThan(0.2);

  // A typed inner radius changes the inner circle.
  await page.locator('#root_ri').fill('7.5');
  await page.locator('[data-testid="overlay-ri"][r="7.5"]').waitFor();

  // Stack: each mask is drawn; the first one's radius handle edits that item of the list.
  await page.locator('#root_shape').selectOption('stack');
  await page.locator('[data-key="masks.1"] [data-testid="overlay-ro"]').waitFor();
  const r0 = await numberIn(page, 'root_masks_0_r');
  await drag(page, await centreOf(page.getByTestId('handle-masks.0-r')), 20, 0);
  expect(Math.abs((await numberIn(page, 'root_masks_0_r')) - (r0 + 20 / scale))).toBeLessThan(0.2);

  // Polygon: draw a triangle by three clicks, close it on the first vertex.
  await page.locator('#root_shape').selectOption('polygon');
  await page.getByTestId('draw-polygon').click();
  const layer = (await page.getByTestId('mask-editor').boundingBox())!;
  const onScreen = (x: number, y: number) => ({ x: layer.x + ((x + 0.5) / 64) * layer.width, y: layer.y + ((y + 0.5) / 64) * layer.height });
  const triangle = [
    { x: 20.3, y: 18.6 },
    { x: 44.7, y: 24.2 },
    { x: 28.1, y: 45.9 },
  ];
  for (const v of triangle) {
    const p = onScreen(v.x, v.y);
    await page.mouse.click(p.x, p.y);
  }
  await page.getByTestId('draft-vertex-2').waitFor();
  await page.getByTestId('draft-vertex-0').click();
  await page.locator('[data-testid="mask-editor"][data-drawing="false"]').waitFor();
  await page.locator('#root_vertices_2_x').waitFor();
  expect(await page.locator('#root_vertices_3_x').count()).toBe(0);
  const vertices: { x: number; y: number }[] = [];
  for (let i = 0; i < 3; i++) vertices.push({ x: await numberIn(page, `root_vertices_${i}_x`), y: await numberIn(page, `root_vertices_${i}_y`) });
  vertices.forEach((v, i) => {
    expect(Math.abs(v.x - triangle[i]!.x)).toBeLessThan(0.2);
    expect(Math.abs(v.y - triangle[i]!.y)).toBeLessThan(0.2);
  });

  // A click on an edge adds a vertex there; Alt-click on it removes it again.
  const mid = onScreen((vertices[0]!.x + vertices[1]!.x) / 2, (vertices[0]!.y + vertices[1]!.y) / 2);
  await page.mouse.click(mid.x, mid.y);
  await page.locator('#root_vertices_3_x').waitFor();
  expect(Math.abs((await numberIn(page, 'root_vertices_1_x')) - (vertices[0]!.x + vertices[1]!.x) / 2)).toBeLessThan(0.2);
  await page.getByTestId('handle-root-vertex-1').click({ modifiers: ['Alt'] });
  await page.locator('#root_vertices_3_x').waitFor({ state: 'detached' });

  mkdirSync(join(kit.root, 'docs/images'), { recursive: true });
  await page.locator('.layout').screenshot({ path: join(kit.root, 'docs/images/mask-editor.png') });

  // Run: the result at scan position (x 5, y 2) is Σ of that frame's pixels with centres in the triangle.
  await page.getByTestId('run-analysis').click();
  await page.locator('[data-testid="job-status"][data-status="done"]').waitFor({ timeout: 30_000 });
  const result = await fetchNpy((await page.getByTestId('download-npy').getAttribute('href'))!);
  expect(result.shape.slice(0, 2)).toEqual([24, 32]);
  const frameIndex = 2 * 32 + 5;
  const frameSrc = (await page.getByTestId('frame-image').getAttribute('src'))!.replace(/frames\/\d+\.npy/, `frames/${frameIndex}.npy`);
  const frame = await fetchNpy(frameSrc);
  expect(frame.shape).toEqual([64, 64]);
  expect(['<f4', '<u2', '<i2', '|u1', '<u1']).toContain(frame.dtype); // exact in the Float32Array parseNpy gives
  let reference = 0;
  let pixels = 0;
  for (let y = 0; y < 64; y++) {
    for (let x = 0; x < 64; x++) {
      if (!inside(x, y, vertices)) continue;
      reference += frame.values[y * 64 + x]!;
      pixels++;
    }
  }
  expect(pixels).toBeGreaterThan(100);
  const got = result.values[frameIndex]!;
  if (result.dtype === '<f8') expect(Math.abs(got - reference)).toBeLessThanOrEqual(1e-9 * Math.abs(reference));
  else expect(Math.abs(got - reference)).toBeLessThanOrEqual(1e-6 * Math.abs(reference));
  expect(errors).toEqual([]);
}, 60_000);

it('draws the strain lattice; dragging the tip of a and typing b edit each other', async () => {
  const page = await kit.browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openSample(page, kit);
  await page.locator('[data-testid="frame-image"][data-frame-index="0"][data-loading="false"]').waitFor();
  await page.getByTestId('plugin-select').selectOption('strain');
  const lattice = page.getByTestId('overlay-lattice');
  await lattice.waitFor();
  const [cx, cy, ax0, ay0, bx, by] = await Promise.all(['cx', 'cy', 'ax', 'ay', 'bx', 'by'].map((f) => numberIn(page, `root_${f}`)));

  // Every disk zero + n·a + m·b whose centre is on the 64×64 frame is drawn, and only those.
  let expected = 0;
  for (let n = -64; n <= 64; n++) {
    for (let m = -64; m <= 64; m++) {
      const [x, y] = [cx + n * ax0 + m * bx, cy + n * ay0 + m * by];
      if (x >= -0.5 && x <= 63.5 && y >= -0.5 && y <= 63.5) expected++;
    }
  }
  expect(expected).toBeGreaterThan(4);
  expect(Number(await lattice.getAttribute('data-disks'))).toBe(expected);
  expect(await page.getByTestId('overlay-lattice-disk').count()).toBe(expected - 1);

  // Drag the tip of a: ax, ay change by the drag in frame pixels.
  const layer = (await page.getByTestId('mask-editor').boundingBox())!;
  const scale = layer.width / 64; // screen px per frame px
  const tipA = await centreOf(page.getByTestId('handle-root-a'));
  const centre = await centreOf(page.getByTestId('handle-root-centre'));
  expect(tipA.x - centre.x).toBeCloseTo(ax0 * scale, 0);
  expect(tipA.y - centre.y).toBeCloseTo(ay0 * scale, 0);
  await drag(page, tipA, -25, 30);
  expect(Math.abs((await numberIn(page, 'root_ax')) - (ax0 - 25 / scale))).toBeLessThan(0.2);
  expect(Math.abs((await numberIn(page, 'root_ay')) - (ay0 + 30 / scale))).toBeLessThan(0.2);
  // The arrow follows the form: its path now ends at the new tip.
  const ax = await numberIn(page, 'root_ax');
  const ay = await numberIn(page, 'root_ay');
  const shaft = /^M \S+ \S+ L (\S+) (\S+) M/.exec((await page.getByTestId('overlay-lattice-a').getAttribute('d'))!)!;
  expect(Number(shaft[1])).toBeCloseTo(cx + 0.5 + ax, 3);
  expect(Number(shaft[2])).toBeCloseTo(cy + 0.5 + ay, 3);

  // A typed b moves its handle.
  await page.locator('#root_bx').fill('-9');
  await page.locator(`[data-testid="handle-root-b"][data-x="${cx + 0.5 - 9}"]`).waitFor();
  expect(errors).toEqual([]);
}, 60_000);

it('the CLI warns about exactly the overlays the web app cannot draw', () => {
  expect([...CLI_OVERLAY_KINDS].sort()).toEqual([...WEB_OVERLAY_KINDS].sort());
});
