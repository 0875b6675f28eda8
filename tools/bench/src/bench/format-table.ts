import { LIBERTEM_REFERENCE } from './libertem-reference';
import type { BenchReport } from './report';

const dash = '—';
const fixed = (value: number | null, digits = 2) => (value === null || !Number.isFinite(value) ? dash : value.toFixed(digits));
const size = (bytes: number) => (bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(2)} GiB` : `${(bytes / 2 ** 20).toFixed(1)} MiB`);
const percent = (value: number) => (Number.isFinite(value) ? `${Math.round(value * 100)} %` : dash);

/** Columns padded to their widest cell: the first left-aligned, the others right-aligned. */
export function alignColumns(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => [...(r[c] ?? '')].length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => {
          const pad = ' '.repeat(widths[c]! - [...cell].length);
          return c === 0 ? cell + pad : pad + cell;
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** The plain-text table `stemflow bench` prints: measured beside LiberTEM, the target and the read baseline. */
export function formatBenchTable(report: BenchReport): string {
  const { file, read } = report;
  const mib = read.bufferBytes / 2 ** 20;
  const rows: string[][] = [
    ['analysis', 'GB/s', 'spread', 'LiberTEM', '× LiberTEM', 'target', '× read', 'peak RSS'],
    [`read baseline (${read.readers} thread${read.readers === 1 ? '' : 's'}, ${mib} MiB buffer each)`, fixed(read.gbps), percent(read.spread), dash, dash, dash, '1.00', `${read.peakRssMiB} MiB`],
    ...report.cases.map((c) => [
      c.title,
      fixed(c.gbps),
      percent(c.spread),
      fixed(c.libertemGbps, 1),
      fixed(c.ratioToLibertem),
      c.targetGbps === null ? dash : `≥ ${c.targetGbps}`,
      fixed(c.ratioToRead),
      `${c.peakRssMiB} MiB`,
    ]),
    ['peak RSS of the run (VmHWM)', '', '', '', '', `< ${report.peakRssTargetMiB} MiB`, '', `${report.peakRssMiB} MiB`],
  ];
  const [rn, sn] = [LIBERTEM_REFERENCE.navShape, LIBERTEM_REFERENCE.sigShape];
  const sameShape = file.navShape.join('x') === rn.join('x') && file.sigShape.join('x') === sn.join('x') && file.dtype === LIBERTEM_REFERENCE.dtype;
  const kernels = report.kernels.backend === 'native' ? `native${report.kernels.isa ? ` (${report.kernels.isa})` : ''}` : `js${report.kernels.reason ? ` (${report.kernels.reason})` : ''}`;
  const notes = [
    `file: ${file.path}, ${size(file.bytes)} ${file.format}, nav ${file.navShape.join('×')}, sig ${file.sigShape.join('×')}, ${file.dtype}, from the page cache${file.pageCache === 'reloaded' ? ' (dropped and read back in one pass first)' : file.pageCache === 'as-found' ? ' (as found)' : ''}`,
    `${report.workers} engine worker${report.workers === 1 ? '' : 's'}; median of ${report.rounds} interleaved round${report.rounds === 1 ? '' : 's'} after a warm-up; GB/s = file bytes / seconds of one pass (10^9 B/s); spread = (max − min) / median`,
    `kernels: ${kernels}; Stemflow ${report.versions.stemflow}, Node ${report.versions.node}; ${report.machine.cpuModel}, ${report.machine.cores} cores`,
    'virtual detector, 1 disk: centred, r = 0.3 × half the short side, mask storage "auto"',
    '16 masks: 8 disks + 8 rings applied in one pass; storage "auto" runs these binary masks as exact integer sums over row runs,',
    '  storage "dense" multiplies every weight, zero or not (float32 multiply-adds): the arithmetic-bound case',
    `LiberTEM: ${report.reference}${sameShape ? '' : ` — this file has another shape, so "× LiberTEM" compares unlike runs`}`,
    ...(report.valid ? [] : [`warning: only ${report.rounds} round(s); at least 3 are needed for medians and spreads to be trusted`]),
  ];
  return `${alignColumns(rows)}\n\n${notes.map((n) => `  ${n}`).join('\n')}\n`;
}
