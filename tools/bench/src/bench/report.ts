import type { PageCacheState } from './page-cache';
import type { KernelInfo } from '@stemflow/plugin-sdk';
import type { MachineInfo } from './machine-info';

/** The JSON schema version of a bench record; bump it when a field changes meaning. */
export const BENCH_SCHEMA = 1;

/** Repeated measurements of one case and what they add up to. */
export interface Measured {
  /** Median over the counted rounds, in GB/s (10^9 bytes per second). */
  gbps: number;
  /** GB/s of each counted round, in order. */
  runs: number[];
  /** (max − min) / median of `runs`: the noise seen between repeated runs. */
  spread: number;
  /** Highest resident memory of the process while this case ran (all rounds, warm-up included), MiB. */
  peakRssMiB: number;
}

export interface BenchCaseResult extends Measured {
  id: string;
  title: string;
  /** The analysis (plugin) id that ran. */
  analysis: string;
  /** gbps / the read baseline's gbps. */
  ratioToRead: number;
  /** LiberTEM 0.16 on the reference file, and Stemflow's target; null when the table has none. */
  libertemGbps: number | null;
  targetGbps: number | null;
  ratioToLibertem: number | null;
}

export interface BenchReport {
  schema: typeof BENCH_SCHEMA;
  /** ISO 8601 time the run finished. */
  date: string;
  /** False with fewer than 3 counted rounds: the medians and spreads are not to be trusted. */
  valid: boolean;
  machine: MachineInfo;
  versions: { stemflow: string; node: string; v8: string; plugins: Record<string, string> };
  kernels: KernelInfo;
  file: {
    path: string;
    /** File size; every GB/s figure is this over the seconds of one pass. */
    bytes: number;
    format: string;
    navShape: number[];
    sigShape: number[];
    dtype: string;
    /** Seconds spent generating the file in this run (absent when it was reused or given). */
    generatedSeconds?: number;
    /** How the file sat in the page cache (absent in records from before it was recorded). */
    pageCache?: PageCacheState;
  };
  workers: number;
  rounds: number;
  read: Measured & { readers: number; bufferBytes: number };
  cases: BenchCaseResult[];
  /** VmHWM of the process at the end (everything since it started). */
  peakRssMiB: number;
  peakRssTargetMiB: number;
  /** Where the LiberTEM figures come from. */
  reference: string;
}
