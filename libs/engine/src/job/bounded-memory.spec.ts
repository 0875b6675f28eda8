import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Processing never holds the data set in memory: a job over a 1 GiB file (sparse, so the test
 * costs no disk) runs in a fresh process on both executors, and the peak resident memory of
 * that process, worker threads included, stays far below the file size.
 */
const engine = resolve(__dirname, '../../dist');
const fixture = resolve(__dirname, '../executors/fixtures/test-plugin');
const dir = mkdtempSync(join(tmpdir(), 'stemflow-rss-'));
const file = join(dir, 'big.raw');
const GiB = 2 ** 30;

beforeAll(() => {
  writeFileSync(file, '');
  truncateSync(file, GiB);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function peakRss(executor: string): { peakMiB: number; framesTotal: number } {
  const script = `
    const { createExecutor, describeDataSet, runJob } = require(${JSON.stringify(engine)});
    (async () => {
      const dataset = describeDataSet({ path: ${JSON.stringify(file)}, format: 'raw', navShape: [128, 64], sigShape: [256, 256], dtype: 'uint16' });
      const executor = createExecutor(${JSON.stringify(executor)}, { workers: 2 });
      const outcome = await runJob({ plugin: { module: ${JSON.stringify(fixture)}, id: 'frame-stats' }, params: { failAt: -1, delayMs: 0 }, dataset }, executor);
      await executor.close();
      // VmHWM belongs to this process's address space; maxRSS would carry over the (larger)
      // peak of the Jest worker that spawned it, which Linux keeps across fork and exec.
      const hwmKiB = Number(/VmHWM:\\s+(\\d+)/.exec(require('node:fs').readFileSync('/proc/self/status', 'utf8'))[1]);
      console.log(JSON.stringify({ peakMiB: hwmKiB / 1024, framesTotal: outcome.framesTotal }));
    })();`;
  const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', cwd: resolve(__dirname, '../../../..') });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as { peakMiB: number; framesTotal: number };
}

it.each(['inline', 'threads'])('peak RSS stays under 200 MiB while the %s executor reads a 1 GiB file', (executor) => {
  const { peakMiB, framesTotal } = peakRss(executor);
  expect(framesTotal).toBe(128 * 64);
  expect(peakMiB).toBeLessThan(200); // measured: ~95 MiB inline, ~158 MiB with two worker threads (each maps a 16 MiB window)
});
