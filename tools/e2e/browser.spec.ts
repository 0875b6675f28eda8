import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeColorPng } from '@stemflow/engine';
import type { Page } from 'playwright-core';
import { openSample as openKitSample, startBrowserKit, type BrowserKit } from './browser-kit.fixture';

/**
 * The whole path in a real browser: `stemflow serve`, open the sample, choose the virtual
 * detector, submit the generated form, see a result image with structure, pick a frame.
 * Debian's Chromium only; the test never downloads a browser.
 */
let kit: BrowserKit;

beforeAll(async () => {
  kit = await startBrowserKit('24x32', '64x64');
}, 60_000);

afterAll(async () => kit?.stop());

const openSample = (page: Page): Promise<void> => openKitSample(page, kit);

it('opens the sample, runs the virtual detector from its generated form and shows a structured image', async () => {
  const page = await kit.browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openSample(page);
  expect(await page.getByTestId('dataset-nav').textContent()).toContain('24');
  await page.getByTestId('plugin-select').selectOption('virtual-detector');
  await page.getByTestId('analysis-form').locator('input, select').first().waitFor();
  await page.getByTestId('run-analysis').click();
  await page.getByTestId('job-status').getByText(/done/).waitFor({ timeout: 30_000 });

  const distinct = await page.getByTestId('result-canvas').evaluate((canvas: HTMLCanvasElement) => {
    const ctx = canvas.getContext('2d')!;
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    const colours = new Set<number>();
    for (let i = 0; i < data.length; i += 4) colours.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
    return { colours: colours.size, width: canvas.width, height: canvas.height };
  });
  expect(distinct.colours).toBeGreaterThan(10);

  // Clicking a scan position shows that position's diffraction frame.
  const frameSrc = () => page.getByTestId('frame-image').getAttribute('src');
  const before = await frameSrc();
  const nav = page.getByTestId('nav-canvas');
  const box = (await nav.boundingBox())!;
  await nav.click({ position: { x: box.width * 0.7, y: box.height * 0.6 } }); // scrolls it into view first
  await page.waitForFunction((old) => document.querySelector('[data-testid="frame-image"]')?.getAttribute('src') !== old, before);
  expect(await frameSrc()).not.toBe(before);
  expect(errors).toEqual([]);
}, 90_000);

it('renders the generated form of every installed analysis and runs it with its defaults', async () => {
  const page = await kit.browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openSample(page);
  await page.getByTestId('plugin-select').locator('option[value="virtual-detector"]').waitFor({ state: 'attached' });
  const ids = await page.getByTestId('plugin-select').locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
  expect(ids.length).toBeGreaterThanOrEqual(6);
  for (const id of ids) {
    await page.getByTestId('plugin-select').selectOption(id);
    const form = page.getByTestId('analysis-form');
    await form.getByTestId('run-analysis').waitFor();
    const text = await form.textContent();
    expect({ id, unsupported: /Unsupported field schema/i.test(text ?? '') }).toEqual({ id, unsupported: false });
    await form.getByTestId('run-analysis').click();
    await page.getByTestId('job-analysis').getByText(id, { exact: true }).waitFor();
    await page.locator('[data-testid="job-status"][data-status="done"], [data-testid="job-status"][data-status="failed"]').waitFor({ timeout: 30_000 });
    const status = await page.getByTestId('job-status').getAttribute('data-status');
    const problem = status === 'done' ? '' : await page.locator('.job-status-bar').textContent();
    expect({ id, status, problem }).toEqual({ id, status: 'done', problem: '' });
  }
  expect(errors).toEqual([]);
}, 240_000);

it('runs the virtual detector with a mask uploaded as a PNG', async () => {
  // A disk of radius 10 at the frame centre, black outside and white inside: weights 0 and 1.
  const mask = new Float32Array(64 * 64).map((_, i) => ((Math.floor(i / 64) - 32) ** 2 + ((i % 64) - 32) ** 2 <= 100 ? 1 : 0));
  const pngPath = join(kit.work, 'mask.png');
  writeFileSync(pngPath, encodeColorPng({ data: mask, shape: [64, 64] }, { colormap: 'gray' }));
  const page = await kit.browser.newPage();
  await openSample(page);
  await page.getByTestId('plugin-select').selectOption('virtual-detector');
  await page.locator('#root_shape').selectOption('mask');
  await page.getByTestId('mask-upload').setInputFiles(pngPath);
  await page.getByText('64 × 64 weights loaded').waitFor();
  await page.getByTestId('run-analysis').click();
  await page.locator('[data-testid="job-status"][data-status="done"]').waitFor({ timeout: 30_000 });
  const distinct = await page.getByTestId('result-canvas').evaluate((canvas: HTMLCanvasElement) => {
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    return new Set(Array.from({ length: data.length / 4 }, (_, i) => data[i * 4]! * 65536 + data[i * 4 + 1]! * 256 + data[i * 4 + 2]!)).size;
  });
  expect(distinct).toBeGreaterThan(10);
}, 90_000);
