import { mkdtempSync, readdirSync, readFileSync, statSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBenchFile } from './bench-file';
import { formatBenchTable } from './format-table';
import { appendHistory, readLastRecord } from './history';
import type { BenchReport } from './report';
import { runBench } from './run-bench';

/** The whole suite on a tiny generated file, 1 worker, 1 round: structure only, never speed. */
describe('runBench on a tiny file', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'stemflow-bench-'));
  const shape = { navShape: [16, 16] as [number, number], sigShape: [32, 32] as [number, number] };
  let report: BenchReport;
  let firstMtime: number;

  beforeAll(async () => {
    const log: string[] = [];
    report = await runBench({ dataDir, ...shape, workers: 1, rounds: 1, log: (l) => log.push(l) });
    firstMtime = statSync(report.file.path).mtimeMs;
    expect(log.some((l) => l.startsWith('generated '))).toBe(true);
  });

  it('generates the file with its shape in the name and the right size', () => {
    expect(report.file.path).toBe(join(dataDir, 'bench-16x16-32x32-uint16.raw'));
    expect(report.file).toMatchObject({ bytes: 16 * 16 * 32 * 32 * 2, format: 'raw', navShape: [16, 16], sigShape: [32, 32], dtype: 'uint16', pageCache: 'reloaded' });
    expect(statSync(report.file.path).size).toBe(16 * 16 * 32 * 32 * 2);
    expect(report.file.generatedSeconds).toBeGreaterThan(0);
  });

  it('writes diffraction-like content: a bright centre, a dim edge, values well inside uint16', () => {
    const frame = new Uint16Array(readFileSync(report.file.path).buffer, 0, 32 * 32);
    expect(frame[16 * 32 + 16]).toBeGreaterThan(500);
    expect(frame[0]).toBeLessThan(20);
    expect(Math.max(...frame)).toBeLessThan(2000);
  });

  it('reuses the generated file on a second call', () => {
    const again = ensureBenchFile({ dataDir, ...shape });
    expect(again.path).toBe(report.file.path);
    expect(again.generatedSeconds).toBeUndefined();
    expect(statSync(again.path).mtimeMs).toBe(firstMtime);
  });

  it('regenerates a file of the wrong size (as an interrupted copy would leave) and leaves no partial file', () => {
    const small = { navShape: [2, 3] as [number, number], sigShape: [4, 5] as [number, number] };
    const first = ensureBenchFile({ dataDir, ...small });
    truncateSync(first.path, 7);
    const again = ensureBenchFile({ dataDir, ...small });
    expect(again.generatedSeconds).toBeDefined();
    expect(statSync(again.path).size).toBe(2 * 3 * 4 * 5 * 2);
    expect(readdirSync(dataDir).filter((f) => f.includes('.partial-'))).toEqual([]);
  });

  it('describes the machine, the versions and the kernels', () => {
    expect(report).toMatchObject({ schema: 1, workers: 1, rounds: 1, valid: false, peakRssTargetMiB: 512 });
    expect(new Date(report.date).toISOString()).toBe(report.date);
    expect(report.machine.cores).toBeGreaterThan(0);
    expect(typeof report.machine.cpuModel).toBe('string');
    expect(report.versions).toMatchObject({ stemflow: '0.1.0', node: process.version, v8: process.versions.v8 });
    expect(Object.keys(report.versions.plugins).sort()).toEqual(['center-of-mass', 'std-dev', 'sum', 'virtual-detector']);
    expect(['native', 'js']).toContain(report.kernels.backend);
  });

  it('measures the read baseline and every case once per round, with positive GB/s', () => {
    expect(report.read).toMatchObject({ readers: 1, bufferBytes: 2 ** 20, spread: 0 });
    expect(report.read.runs).toHaveLength(1);
    expect(report.read.gbps).toBeGreaterThan(0);
    expect(report.cases.map((c) => c.id)).toEqual(['sum', 'virtual-detector-disk', 'virtual-detector-16-masks', 'virtual-detector-16-masks-dense', 'center-of-mass', 'std-dev']);
    for (const c of report.cases) {
      expect(c.runs).toHaveLength(1);
      expect(c.gbps).toBe(c.runs[0]);
      expect(c.gbps).toBeGreaterThan(0);
      expect(c.ratioToRead).toBeCloseTo(c.gbps / report.read.gbps, 12);
      expect(c.peakRssMiB).toBeGreaterThan(0);
      expect(c.libertemGbps).toBeGreaterThan(0);
      expect(c.ratioToLibertem).toBeCloseTo(c.gbps / c.libertemGbps!, 12);
    }
    expect(report.peakRssMiB).toBeGreaterThanOrEqual(Math.max(...report.cases.map((c) => c.peakRssMiB)) - 1);
  });

  it('survives a JSON round trip and a history append, read back as the last record', () => {
    const history = join(dataDir, 'history.jsonl');
    appendHistory(history, { ...report, date: 'first' });
    appendHistory(history, JSON.parse(JSON.stringify(report)) as BenchReport);
    const last = readLastRecord(history);
    expect(last).toMatchObject({ line: 2, count: 2 });
    expect(last.record).toEqual(report);
  });

  it('prints a table with every case, the LiberTEM figure, the target and the one-round warning', () => {
    const table = formatBenchTable(report);
    expect(table).toMatch(/read baseline \(1 thread, 1 MiB buffer each\)/);
    expect(table).toMatch(/sum of frames\s+\d+\.\d\d\s+0 %\s+5\.4\s+\d+\.\d\d\s+≥ 16\s+\d+\.\d\d\s+\d+ MiB/);
    expect(table).toContain('16 masks at once, dense storage');
    expect(table).toContain('< 512 MiB');
    expect(table).toContain('arithmetic-bound');
    expect(table).toContain('another shape');
    expect(table).toMatch(/warning: only 1 round/);
  });
});
