/** `stemflow bench`: throughput of the LiberTEM table's analyses against a read baseline, history and comparison. */
export { benchFileName, defaultBenchDir, ensureBenchFile, DEFAULT_NAV, DEFAULT_SIG, type BenchFile, type BenchFileOptions } from './bench-file';
export { BENCH_CASES, sixteenMasks, type BenchCase } from './cases';
export { compareRecords, formatComparison, MIN_TOLERANCE, type CaseComparison, type ComparableRecord, type Comparison, type Verdict } from './compare';
export { formatBenchTable } from './format-table';
export { appendHistory, readLastRecord } from './history';
export { LIBERTEM_REFERENCE } from './libertem-reference';
export { machineInfo, stemflowVersion, type MachineInfo } from './machine-info';
export { preparePageCache, warmPageCache, type PageCacheState } from './page-cache';
export { READ_BUFFER_BYTES, ReadBaseline } from './read-baseline';
export { BENCH_SCHEMA, type BenchCaseResult, type BenchReport, type Measured } from './report';
export { MIN_VALID_ROUNDS, runBench, type BenchOptions } from './run-bench';
export { median, spread } from './stats';
