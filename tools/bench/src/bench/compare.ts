import type { BenchReport } from './report';

/** Below this relative change a difference is never called a regression, however quiet the runs. */
export const MIN_TOLERANCE = 0.1;

export type Verdict = 'OK' | 'REGRESSION' | 'IMPROVED' | 'MISSING' | 'NEW';

export interface CaseComparison {
  id: string;
  title: string;
  verdict: Verdict;
  /** Ratio to the read baseline in the earlier and in this run. */
  before?: number;
  after?: number;
  /** (after − before) / before. */
  change?: number;
  /** The relative change the noise allows: max(2 × the larger spread, MIN_TOLERANCE). */
  tolerance?: number;
}

export interface Comparison {
  cases: CaseComparison[];
  regressions: number;
  /** Differences that make the comparison less meaningful (file, workers, CPU, kernels, invalid records). */
  notes: string[];
}

/** The parts of a bench record a comparison reads (older records may lack the rest). */
export type ComparableRecord = Pick<BenchReport, 'cases'> & Partial<Pick<BenchReport, 'file' | 'workers' | 'machine' | 'kernels' | 'valid' | 'date'>>;

/**
 * Compare each case's ratio to the read baseline — robust to a machine that is slower or busier
 * overall — between an earlier record and this one. A drop larger than the noise seen between
 * repeated runs (twice the larger spread, at least 10 %) is a regression; a rise as large an
 * improvement. Cases present in only one record are reported, not judged.
 */
export function compareRecords(before: ComparableRecord, after: ComparableRecord): Comparison {
  const cases: CaseComparison[] = [];
  for (const now of after.cases) {
    const then = before.cases.find((c) => c.id === now.id);
    if (!then) {
      cases.push({ id: now.id, title: now.title, verdict: 'NEW', after: now.ratioToRead });
      continue;
    }
    const change = (now.ratioToRead - then.ratioToRead) / then.ratioToRead;
    const tolerance = Math.max(2 * Math.max(then.spread || 0, now.spread || 0), MIN_TOLERANCE);
    const verdict: Verdict = change < -tolerance ? 'REGRESSION' : change > tolerance ? 'IMPROVED' : 'OK';
    cases.push({ id: now.id, title: now.title, verdict, before: then.ratioToRead, after: now.ratioToRead, change, tolerance });
  }
  for (const then of before.cases) {
    if (!after.cases.some((c) => c.id === then.id)) cases.push({ id: then.id, title: then.title, verdict: 'MISSING', before: then.ratioToRead });
  }
  return { cases, regressions: cases.filter((c) => c.verdict === 'REGRESSION').length, notes: comparabilityNotes(before, after) };
}

function comparabilityNotes(before: ComparableRecord, after: ComparableRecord): string[] {
  const notes: string[] = [];
  const shape = (r: ComparableRecord) => (r.file ? `nav ${r.file.navShape.join('×')}, sig ${r.file.sigShape.join('×')} ${r.file.dtype}` : undefined);
  if (shape(before) !== shape(after)) notes.push(`the files differ: ${shape(before) ?? 'unknown'} then, ${shape(after) ?? 'unknown'} now`);
  if (before.workers !== after.workers) notes.push(`the worker counts differ: ${before.workers ?? 'unknown'} then, ${after.workers ?? 'unknown'} now`);
  if (before.machine?.cpuModel !== after.machine?.cpuModel) notes.push(`the CPUs differ: ${before.machine?.cpuModel ?? 'unknown'} then, ${after.machine?.cpuModel ?? 'unknown'} now`);
  const kernels = (r: ComparableRecord) => (r.kernels ? `${r.kernels.backend}${r.kernels.isa ? ` (${r.kernels.isa})` : ''}` : 'unknown');
  if (kernels(before) !== kernels(after)) notes.push(`the kernels differ: ${kernels(before)} then, ${kernels(after)} now`);
  if (before.valid === false) notes.push('the earlier record has fewer than 3 rounds');
  if (after.valid === false) notes.push('this run has fewer than 3 rounds');
  return notes;
}

const signed = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(Math.round(x * 100))} %`;

/** One line per case: ratio then and now, the change, the noise allowed, and the verdict. */
export function formatComparison(comparison: Comparison, against: string): string {
  const lines = [`compared with ${against} (ratio of each analysis to the read baseline):`];
  const width = Math.max(...comparison.cases.map((c) => [...c.title].length));
  for (const c of comparison.cases) {
    const ratios = `${c.before?.toFixed(3) ?? '—'} → ${c.after?.toFixed(3) ?? '—'}`;
    const change = c.change === undefined ? '' : `  ${signed(c.change)} (noise ±${Math.round(c.tolerance! * 100)} %)`;
    lines.push(`  ${c.verdict.padEnd(10)} ${c.title.padEnd(width)}  ${ratios}${change}`);
  }
  for (const note of comparison.notes) lines.push(`  note: ${note}`);
  lines.push(comparison.regressions > 0 ? `${comparison.regressions} regression(s)` : 'no regression');
  return `${lines.join('\n')}\n`;
}
