import { lz4BlockCodec } from './lz4-napi-codecs';
import { memcpyCodec } from './memcpy-codecs';
import { formatCompressionTable } from './format-table';
import type { CompressionReport } from './report';
import { measureAll } from './survey';
import { syntheticSamples } from './synthetic-samples';

async function tinyReport(): Promise<CompressionReport> {
  const samples = syntheticSamples({ frames: 2, edge: 32, mapEdge: 16 });
  const codecs = [memcpyCodec(), lz4BlockCodec('test')];
  const rows = await measureAll(samples, codecs, { seconds: 0.001, rounds: 1 });
  return {
    kind: 'stemflow-compression-survey',
    version: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    machine: { cpuModel: 'test cpu', cores: 2, memoryGiB: 24, node: 'v20', platform: 'linux-x64', loadAverageStart: [1, 1, 1], loadAverageEnd: [1, 1, 1] },
    versions: { 'lz4-napi': 'test' },
    settings: { seconds: 0.001, rounds: 1 },
    codecs: codecs.map(({ id, library, description, pooledCompress, pooledDecompress }) => ({ id, library, description, pooledCompress, pooledDecompress })),
    samples: samples.map(({ data: _d, itemSize: _i, ...info }) => info),
    rows,
    skipped: [{ what: 'numcodecs', reason: 'not loaded in this test' }],
  };
}

describe('measureAll and formatCompressionTable', () => {
  it('measures every (sample, codec) pair with the fields the table needs', async () => {
    const report = await tinyReport();
    expect(report.rows).toHaveLength(5 * 2);
    for (const row of report.rows) {
      expect(row.exact).toBe(true);
      expect(row.ratio).toBeCloseTo(row.bytes / row.compressedBytes, 10);
      expect(row.compressGBps).toBeGreaterThan(0);
      expect(row.decompressGBps).toBeGreaterThan(0);
      expect(row.compressCalls).toBeGreaterThanOrEqual(1);
    }
    expect(report.rows.find((r) => r.codec === 'memcpy')!.ratio).toBe(1);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('renders one table row per measurement, with pooling, the legend and what was skipped', async () => {
    const report = await tinyReport();
    const text = formatCompressionTable(report);
    const tableRows = text.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| sample'));
    expect(tableRows).toHaveLength(report.rows.length);
    report.rows.forEach((row, i) => {
      expect(tableRows[i]).toContain(`| ${row.sample} | ${row.codec} |`);
      expect(tableRows[i]).toContain(`| ${row.ratio.toFixed(2)} |`);
    });
    expect(tableRows[0]).toMatch(/\| c d \| yes \|$/); // memcpy reuses both buffers
    expect(tableRows[1]).toMatch(/\| - \| yes \|$/); // lz4-napi allocates
    expect(text).toContain('test cpu');
    expect(text).toContain('- synthetic-sparse (synthetic, uint16 2×32×32)');
    expect(text).toContain('- numcodecs: not loaded in this test');
  });
});
