import { compareRecords, formatComparison, type ComparableRecord } from './compare';
import type { BenchCaseResult } from './report';

function caseOf(id: string, ratioToRead: number, spread = 0.02): BenchCaseResult {
  return {
    id,
    title: id,
    analysis: id,
    gbps: ratioToRead * 10,
    runs: [ratioToRead * 10],
    spread,
    peakRssMiB: 100,
    ratioToRead,
    libertemGbps: null,
    targetGbps: null,
    ratioToLibertem: null,
  };
}

const record = (...cases: BenchCaseResult[]): ComparableRecord => ({ cases, workers: 2, valid: true });

describe('compareRecords', () => {
  it('flags a drop of the ratio to the read baseline beyond the noise as a regression', () => {
    const result = compareRecords(record(caseOf('sum', 0.8), caseOf('std-dev', 0.3)), record(caseOf('sum', 0.6), caseOf('std-dev', 0.3)));
    expect(result.cases.find((c) => c.id === 'sum')).toMatchObject({ verdict: 'REGRESSION', before: 0.8, after: 0.6 });
    expect(result.cases.find((c) => c.id === 'sum')!.change).toBeCloseTo(-0.25, 12);
    expect(result.cases.find((c) => c.id === 'std-dev')!.verdict).toBe('OK');
    expect(result.regressions).toBe(1);
  });

  it('tolerates a drop within twice the larger spread of the two runs', () => {
    // −25 % with a spread of 15 % in the earlier run: the noise allows ±30 %.
    const result = compareRecords(record(caseOf('sum', 0.8, 0.15)), record(caseOf('sum', 0.6, 0.05)));
    expect(result.cases[0]).toMatchObject({ verdict: 'OK', tolerance: 0.3 });
    expect(result.regressions).toBe(0);
  });

  it('never tolerates less than 10 %, however quiet the runs', () => {
    const quiet = compareRecords(record(caseOf('sum', 1, 0)), record(caseOf('sum', 0.92, 0)));
    expect(quiet.cases[0]).toMatchObject({ verdict: 'OK', tolerance: 0.1 });
    const drop = compareRecords(record(caseOf('sum', 1, 0)), record(caseOf('sum', 0.88, 0)));
    expect(drop.cases[0]!.verdict).toBe('REGRESSION');
  });

  it('calls a rise beyond the noise an improvement, not a regression', () => {
    const result = compareRecords(record(caseOf('sum', 0.5)), record(caseOf('sum', 0.7)));
    expect(result.cases[0]!.verdict).toBe('IMPROVED');
    expect(result.regressions).toBe(0);
  });

  it('reports cases missing from this run and cases new in it, without judging them', () => {
    const result = compareRecords(record(caseOf('sum', 0.8), caseOf('old', 0.5)), record(caseOf('sum', 0.8), caseOf('fresh', 0.4)));
    expect(result.cases.map((c) => [c.id, c.verdict])).toEqual([
      ['sum', 'OK'],
      ['fresh', 'NEW'],
      ['old', 'MISSING'],
    ]);
    expect(result.regressions).toBe(0);
  });

  it('notes when the runs are not alike (workers, kernels, rounds), and only then', () => {
    const then = { ...record(caseOf('sum', 1)), workers: 4, valid: false, kernels: { backend: 'js' as const } };
    const now = { ...record(caseOf('sum', 1)), kernels: { backend: 'native' as const, isa: 'avx2' } };
    const notes = compareRecords(then, now).notes.join('\n');
    expect(notes).toMatch(/worker counts differ: 4 then, 2 now/);
    expect(notes).toMatch(/kernels differ: js then, native \(avx2\) now/);
    expect(notes).toMatch(/earlier record has fewer than 3 rounds/);
    expect(compareRecords(now, now).notes).toEqual([]);
  });
});

describe('formatComparison', () => {
  it('prints each verdict, which record was compared and the regression count', () => {
    const text = formatComparison(compareRecords(record(caseOf('sum', 0.8)), record(caseOf('sum', 0.4))), 'history.jsonl line 3');
    expect(text).toContain('history.jsonl line 3');
    expect(text).toMatch(/REGRESSION\s+sum\s+0\.800 → 0\.400\s+−50 % \(noise ±10 %\)/);
    expect(text).toContain('1 regression(s)');
  });
});
