import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import { formatDistributionTable } from './format-distribution';
import { runDistribution, type DistributionReport } from './run-distribution';

const REDIS_URL = process.env.STEMFLOW_TEST_REDIS ?? 'redis://127.0.0.1:6379';
const CLI = resolve(__dirname, '../../../cli/bin/stemflow.js');

/** The distribution benchmark on a tiny file, 2 slots, 1 round: structure only, never speed. */
describe('runDistribution on a tiny file', () => {
  let report: DistributionReport;
  let keysBefore: string[];

  beforeAll(async () => {
    const redis = new Redis(REDIS_URL);
    keysBefore = await redis.keys('stemflow-bench-*');
    await redis.quit();
    report = await runDistribution({
      redis: REDIS_URL,
      workerCommand: [process.execPath, CLI],
      dataDir: mkdtempSync(join(tmpdir(), 'stemflow-bench-dist-')),
      navShape: [8, 8],
      sigShape: [16, 16],
      slots: 2,
      rounds: 1,
      cases: ['sum', 'virtual-detector-disk'],
    });
  });

  it('measures every case on threads, one process with both slots and one process per slot', () => {
    expect(report.setups.map((s) => s.id)).toEqual(['threads', 'bullmq-1x2', 'bullmq-2x1']);
    expect(report.cases.map((c) => c.id)).toEqual(['sum', 'virtual-detector-disk']);
    for (const c of report.cases) {
      expect(c.results.map((r) => r.setup)).toEqual(['threads', 'bullmq-1x2', 'bullmq-2x1']);
      for (const r of c.results) {
        expect(r.runs).toHaveLength(1);
        expect(r.gbps).toBeGreaterThan(0);
      }
      expect(c.results[0]!.ratioToThreads).toBe(1);
    }
    for (const setup of report.setups) expect(setup.partitions).toBeGreaterThanOrEqual(4); // at least two per slot
  });

  it('stops its workers and leaves nothing under its prefixes in Redis', async () => {
    const redis = new Redis(REDIS_URL);
    try {
      // Other runs' leftovers may be there; this run's prefixes (queue, heartbeats, specs, inboxes) are gone.
      const added = (await redis.keys('stemflow-bench-*')).filter((k) => !keysBefore.includes(k));
      expect(added).toEqual([]);
    } finally {
      await redis.quit();
    }
  });

  it('prints one row per case and set-up', () => {
    const table = formatDistributionTable(report);
    expect(table.split('\n').filter((l) => l.startsWith('sum of frames'))).toHaveLength(3);
    expect(table).toContain('2 worker processes × 1 thread');
  });
});
