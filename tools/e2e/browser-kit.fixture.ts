import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * A real `stemflow serve` over a generated sample and Debian's Chromium (never a downloaded
 * browser), for the browser tests.
 */
export interface BrowserKit {
  root: string;
  work: string;
  samplePath: string;
  /** The link the host printed, token included. */
  url: string;
  browser: Browser;
  stop: () => Promise<void>;
}

export const repoRoot = join(__dirname, '../..');
const bin = join(repoRoot, 'tools/cli/bin/stemflow.js');

/** `stemflow sample` at `path` (`nav` and `sig` as "HxW"). */
export function makeSample(path: string, nav: string, sig: string): void {
  const made = spawnSync(process.execPath, [bin, 'sample', path, '--nav', nav, '--sig', sig], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`stemflow sample failed: ${made.stderr}`);
}

/** A running `stemflow serve` and the link it printed (token included). */
export interface Host {
  url: string;
  /** SIGTERM, resolving once the process has exited. */
  stop: () => Promise<void>;
}

/** `stemflow serve` on a free port over `dataRoot`, keeping its state in `home`. */
export async function startHost(dataRoot: string, home: string): Promise<Host> {
  const server: ChildProcess = spawn(process.execPath, [bin, 'serve', '--data-root', dataRoot, '--home', home, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    server.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /running at (\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    server.once('exit', (code) => reject(new Error(`stemflow serve exited with ${code}: ${out}`)));
  });
  const stop = async (): Promise<void> => {
    if (server.exitCode !== null || server.signalCode !== null) return;
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  };
  return { url, stop };
}

/** Debian's Chromium, headless, with the flags this machine needs. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** Makes the sample (`nav` and `sig` as "HxW"), starts the host on a free port and launches Chromium. */
export async function startBrowserKit(nav = '24x32', sig = '64x64'): Promise<BrowserKit> {
  const work = mkdtempSync(join(tmpdir(), 'stemflow-e2e-'));
  const dataRoot = join(work, 'data');
  const samplePath = join(dataRoot, 'sample.npy');
  mkdirSync(dataRoot);
  makeSample(samplePath, nav, sig);
  const host = await startHost(dataRoot, join(work, 'home'));
  const browser = await launchChromium();
  return {
    root: repoRoot,
    work,
    samplePath,
    url: host.url,
    browser,
    stop: async () => {
      await browser.close();
      await host.stop();
    },
  };
}

/** Loads the app with its token and opens the sample through the open dialog. */
export async function openSample(page: Page, kit: BrowserKit): Promise<void> {
  await page.goto(kit.url);
  await page.getByTestId('dataset-path').fill(kit.samplePath);
  await page.getByTestId('dataset-open').click();
  await page.getByTestId('dataset-format').getByText('npy').waitFor();
}
