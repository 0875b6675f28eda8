import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, makeSample, repoRoot as root, startHost, type Host } from './browser-kit.fixture';

/**
 * Jobs in a real browser: live job with cancel, downloads in every format, and a job history
 * that lives in the host's SQLite, so it is still there after the server restarts (open,
 * re-run, compare, delete). Debian's Chromium only; the test never downloads a browser.
 */
const work = mkdtempSync(join(tmpdir(), 'stemflow-e2e-jobs-'));
const dataRoot = join(work, 'data');
const home = join(work, 'home');
// Big enough (128 MB) that a job started and cancelled at once is still running when cancelled.
const samplePath = join(dataRoot, 'sample.npy');

let server: Host | undefined;
let browser: Browser;

/** `stemflow serve` on the same home dir every time; resolves with the printed link (token included). */
async function startServer(): Promise<string> {
  server = await startHost(dataRoot, home);
  return server.url;
}

async function stopServer(): Promise<void> {
  const host = server;
  server = undefined;
  await host?.stop();
}

beforeAll(async () => {
  mkdirSync(dataRoot);
  makeSample(samplePath, '64x64', '128x128');
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await stopServer();
  rmSync(work, { recursive: true, force: true });
});

const doneStatus = '[data-testid="job-status"][data-status="done"]';

async function runAnalysis(page: Page, id: string): Promise<string> {
  const watched = page.getByTestId('job-analysis');
  const previous = (await watched.count()) > 0 ? await watched.getAttribute('title') : null;
  await page.getByTestId('plugin-select').selectOption(id);
  await page.getByTestId('analysis-form').getByTestId('run-analysis').waitFor();
  await page.getByTestId('run-analysis').click();
  await page.waitForFunction((old) => {
    const title = document.querySelector('[data-testid="job-analysis"]')?.getAttribute('title');
    return Boolean(title) && title !== old;
  }, previous);
  return (await watched.getAttribute('title'))!;
}

/** First bytes and status of a link on the page, fetched by the page itself (the token is in the URL). */
async function fetchHead(page: Page, testId: string): Promise<{ status: number; head: string; download: string | null }> {
  const link = page.getByTestId(testId);
  const href = (await link.getAttribute('href'))!;
  const download = await link.getAttribute('download');
  const answer = await page.evaluate(async (url) => {
    const response = await fetch(url);
    const bytes = new Uint8Array(await response.arrayBuffer());
    return { status: response.status, head: Array.from(bytes.slice(0, 8), (b) => String.fromCharCode(b)).join('') };
  }, href);
  return { ...answer, download };
}

const rowOf = (page: Page, jobId: string) => page.locator(`[data-testid="history-row"][data-job-id="${jobId}"]`);

/** Distinct colours of a canvas: more than a handful means an image with structure. */
const colours = (page: Page, testId: string) =>
  page.getByTestId(testId).first().evaluate((canvas: HTMLCanvasElement) => {
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    return new Set(Array.from({ length: data.length / 4 }, (_, i) => data[i * 4]! * 65536 + data[i * 4 + 1]! * 256 + data[i * 4 + 2]!)).size;
  });

it('cancels, downloads, and keeps a job history across a server restart', async () => {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (dialog) => void dialog.accept());

  await page.goto(await startServer());
  await page.getByTestId('dataset-path').fill(samplePath);
  await page.getByTestId('dataset-open').click();
  await page.getByTestId('dataset-format').getByText('npy').waitFor();

  // A job that finishes, then one cancelled while queued or running.
  const doneId = await runAnalysis(page, 'std-dev');
  await page.locator(doneStatus).waitFor({ timeout: 30_000 });
  // radial-profile takes about a second here: long enough to cancel from the UI.
  const cancelledId = await runAnalysis(page, 'radial-profile');
  await page.getByTestId('job-cancel').click();
  await page.locator('[data-testid="job-status"][data-status="cancelled"]').waitFor();
  expect(await page.getByTestId('job-status').textContent()).toBe('cancelled');
  await rowOf(page, cancelledId).and(page.locator('[data-status="cancelled"]')).waitFor();
  await rowOf(page, doneId).and(page.locator('[data-status="done"]')).waitFor();

  // Restart on the same home dir: the history comes back from the database.
  await stopServer();
  await page.goto(await startServer());
  await rowOf(page, doneId).waitFor();
  expect(await rowOf(page, cancelledId).getAttribute('data-status')).toBe('cancelled');
  expect(await rowOf(page, doneId).textContent()).toContain('sample.npy');

  await rowOf(page, doneId).getByTestId('history-open').click();
  await page.locator(doneStatus).waitFor();
  expect(await page.getByTestId('job-analysis').getAttribute('title')).toBe(doneId);
  await page.getByTestId('result-canvas').waitFor();
  expect(await colours(page, 'result-canvas')).toBeGreaterThan(10);

  // Every download of the reopened job: status, magic bytes, and a file name for the browser.
  const magic: Record<string, string> = {
    'download-npy': '\x93NUMPY',
    'download-tiff': 'II*\0',
    'download-png': '\x89PNG\r\n\x1a\n',
    'download-h5': '\x89HDF\r\n\x1a\n',
    'download-all-h5': '\x89HDF\r\n\x1a\n',
    'download-provenance': '{',
  };
  const got: Record<string, unknown> = {};
  for (const testId of Object.keys(magic)) {
    const { status, head, download } = await fetchHead(page, testId);
    got[testId] = { status, magic: head.startsWith(magic[testId]!), named: Boolean(download) };
  }
  expect(got).toEqual(Object.fromEntries(Object.keys(magic).map((k) => [k, { status: 200, magic: true, named: true }])));

  // Re-run: a new job that the results panel follows to the end.
  await rowOf(page, doneId).getByTestId('history-rerun').click();
  await page.waitForFunction((old) => document.querySelector('[data-testid="job-analysis"]')?.getAttribute('title') !== old, doneId);
  await page.locator(doneStatus).waitFor({ timeout: 30_000 });
  const rerunId = (await page.getByTestId('job-analysis').getAttribute('title'))!;
  await rowOf(page, rerunId).and(page.locator('[data-status="done"]')).waitFor();

  // Compare the original and the re-run side by side.
  await rowOf(page, doneId).getByTestId('history-pick').check();
  await rowOf(page, rerunId).getByTestId('history-pick').check();
  await page.getByTestId('history-compare').click();
  const canvasesOf = (jobId: string) => page.locator(`[data-testid="job-compare-cell"][data-job-id="${jobId}"] [data-testid="result-canvas"]`);
  await canvasesOf(doneId).first().waitFor();
  await canvasesOf(rerunId).first().waitFor();
  const valuesOf = (jobId: string) => page.locator(`[data-testid="job-compare-cell"][data-job-id="${jobId}"] [data-testid="result-value"]`);
  // Every result row holds a view of the first job: an image, or a number for a single value.
  expect((await canvasesOf(doneId).count()) + (await valuesOf(doneId).count())).toBe(await page.getByTestId('job-compare-row').count());
  expect(await canvasesOf(rerunId).count()).toBe(await canvasesOf(doneId).count());
  mkdirSync(join(root, 'docs/images'), { recursive: true });
  await page.getByTestId('job-history').screenshot({ path: join(root, 'docs/images/job-history.png') });

  // Delete the cancelled job (the confirm dialog is accepted above).
  const before = await page.getByTestId('history-row').count();
  await rowOf(page, cancelledId).getByTestId('history-delete').click();
  await rowOf(page, cancelledId).waitFor({ state: 'detached' });
  expect(await page.getByTestId('history-row').count()).toBe(before - 1);
  expect(errors).toEqual([]);
}, 90_000);
