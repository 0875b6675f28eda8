import { alignColumns } from '../bench/format-table';
import type { DistributionReport } from './run-distribution';

const percent = (value: number) => (Number.isFinite(value) ? `${Math.round(value * 100)} %` : '—');

/** The table `stemflow bench --distribution` prints: each analysis on each set-up, against threads. */
export function formatDistributionTable(report: DistributionReport): string {
  const rows: string[][] = [['analysis', 'set-up', 'partitions', 'GB/s', 'spread', '× threads', 'ms added / partition']];
  for (const c of report.cases) {
    for (const r of c.results) {
      const setup = report.setups.find((s) => s.id === r.setup)!;
      rows.push([c.title, setup.title, String(setup.partitions ?? '—'), r.gbps.toFixed(2), percent(r.spread), percent(r.ratioToThreads), r.setup === 'threads' ? '—' : r.overheadMsPerPartition.toFixed(1)]);
    }
  }
  const gib = (report.file.bytes / 2 ** 30).toFixed(2);
  return (
    `${alignColumns(rows)}\n\n` +
    `${report.file.path} (${gib} GiB) from the page cache, ${report.slots} slots, ` +
    `median of ${report.rounds} rounds after a warm-up; ${report.machine.cpuModel}\n`
  );
}
