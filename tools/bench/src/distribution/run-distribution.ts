import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { BullmqExecutor, createExecutor, describeDataSet, discoverPlugins, PluginCatalog, runJob, type Executor, type JobSpec } from '@stemflow/engine';
import { product, resolveParams, StemflowError, type DatasetInfo } from '@stemflow/plugin-sdk';
import { ensureBenchFile, type BenchFileOptions } from '../bench/bench-file';
import { BENCH_CASES } from '../bench/cases';
import { machineInfo, stemflowVersion, type MachineInfo } from '../bench/machine-info';
import { preparePageCache } from '../bench/page-cache';
import { median, spread } from '../bench/stats';
import { WorkerFleet } from './worker-fleet';

export const DISTRIBUTION_SCHEMA = 'stemflow-bench-distribution/1';
/** The analyses measured by default: a sig-sized result (sum) and a nav-sized one (disk). */
export const DISTRIBUTION_CASES = ['sum', 'virtual-detector-disk', 'center-of-mass'] as const;

export interface DistributionOptions extends BenchFileOptions {
  redis: string;
  /** How to start `stemflow worker` processes: node binary and CLI script. */
  workerCommand: readonly string[];
  /** Slots in every set-up: threads of the `threads` executor, and workers × threads (default: cores). */
  slots?: number;
  rounds?: number;
  cases?: readonly string[];
  /** Drop the file's cached pages and read it back in one pass first (default true). */
  reloadPageCache?: boolean;
  log?: (line: string) => void;
}

export interface DistributionSetup {
  id: string;
  title: string;
  processes: number;
  threadsPerProcess: number;
  /** Partitions per job, as runJob planned them for this executor (its preferred partition size). */
  partitions?: number;
}

export interface DistributionReport {
  schema: typeof DISTRIBUTION_SCHEMA;
  date: string;
  machine: MachineInfo;
  stemflow: string;
  file: { path: string; bytes: number };
  slots: number;
  rounds: number;
  setups: DistributionSetup[];
  cases: {
    id: string;
    title: string;
    results: { setup: string; gbps: number; runs: number[]; spread: number; ratioToThreads: number; overheadMsPerPartition: number }[];
  }[];
}

const threads = (n: number): string => `${n} thread${n === 1 ? '' : 's'}`;

/** threads, then `stemflow worker` processes: one with every slot, and one per slot. */
function setupsFor(slots: number): DistributionSetup[] {
  const setups: DistributionSetup[] = [{ id: 'threads', title: `threads executor, ${threads(slots)}`, processes: 0, threadsPerProcess: slots }];
  setups.push({ id: `bullmq-1x${slots}`, title: `bullmq, 1 worker process × ${threads(slots)}`, processes: 1, threadsPerProcess: slots });
  if (slots > 1) setups.push({ id: `bullmq-${slots}x1`, title: `bullmq, ${slots} worker processes × 1 thread`, processes: slots, threadsPerProcess: 1 });
  return setups;
}

/** Wait (up to 10 s) until the workers' heartbeats show `slots` partition threads. */
async function waitForSlots(executor: BullmqExecutor, slots: number, title: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const seen = (await executor.listWorkers()).reduce((n, w) => n + w.concurrency, 0);
    if (seen === slots) return;
    if (Date.now() > deadline) throw new StemflowError('INTERNAL', `${title}: ${seen} worker slots answered, expected ${slots}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The cost of distribution: the same file and analyses on the `threads` executor and on BullMQ
 * worker processes with the same number of slots, interleaved (warm-up, then `rounds` rounds of
 * every set-up and analysis), as GB/s, ratio to threads and time added per partition.
 */
export async function runDistribution(options: DistributionOptions): Promise<DistributionReport> {
  const log = options.log ?? (() => undefined);
  const rounds = options.rounds ?? 3;
  const slots = options.slots ?? availableParallelism();
  const file = ensureBenchFile(options);
  const dataset = describeDataSet(file.request);
  const bytes = statSync(dataset.path).size;
  const info: DatasetInfo = { navShape: dataset.navShape, sigShape: dataset.sigShape, dtype: dataset.dtype, frames: product(dataset.navShape) };
  const wanted = options.cases ?? DISTRIBUTION_CASES;
  const benchCases = wanted.map((id) => {
    const found = BENCH_CASES.find((c) => c.id === id);
    if (!found) throw new StemflowError('PARAMS_INVALID', `unknown bench case "${id}": use one of ${BENCH_CASES.map((c) => c.id).join(', ')}`);
    return found;
  });
  const catalog = new PluginCatalog(discoverPlugins(__dirname).filter((p) => benchCases.some((c) => c.pluginPackage === p.pluginId)));
  const specs: JobSpec[] = benchCases.map((c) => {
    const entry = catalog.get(c.analysis);
    return { plugin: entry.ref, params: resolveParams(entry.plugin, c.params(info), info), dataset };
  });

  preparePageCache(dataset.path, bytes, options.reloadPageCache ?? true);
  const setups = setupsFor(slots);
  const runId = randomBytes(4).toString('hex');
  const executors: Executor[] = [];
  /** By set-up: the worker processes of each BullMQ set-up (none for threads). */
  const fleets: (WorkerFleet | undefined)[] = [];
  const runs = setups.map(() => benchCases.map(() => [] as number[]));
  try {
    for (const setup of setups) {
      if (setup.processes === 0) {
        executors.push(createExecutor('threads', { workers: slots }));
        fleets.push(undefined);
        continue;
      }
      const prefix = `stemflow-bench-${runId}-${setup.id}`;
      log(`starting ${setup.title} (prefix ${prefix})`);
      const fleet = await WorkerFleet.start({ command: options.workerCommand, redis: options.redis, prefix, processes: setup.processes, concurrency: setup.threadsPerProcess });
      fleets.push(fleet);
      const executor = new BullmqExecutor({ redis: options.redis, prefix });
      await waitForSlots(executor, slots, setup.title);
      executors.push(executor);
    }
    for (let round = 0; round <= rounds; round++) {
      for (const [c, spec] of specs.entries()) {
        for (const [s, executor] of executors.entries()) {
          // Only the measured set-up's workers run: the others are frozen (see WorkerFleet.pause).
          fleets.forEach((fleet, f) => f !== s && fleet?.pause());
          if (fleets[s]?.paused) {
            fleets[s]!.resume();
            // A long pause may have outlived the heartbeats; they are renewed at once on waking.
            await waitForSlots(executor as BullmqExecutor, slots, setups[s]!.title);
          }
          const started = performance.now();
          const outcome = await runJob(spec, executor, { onPartition: (p) => (setups[s]!.partitions = p.partitionsTotal) });
          const seconds = (performance.now() - started) / 1000;
          if (outcome.framesTotal !== info.frames) throw new StemflowError('INTERNAL', `${benchCases[c]!.id} on ${setups[s]!.id} processed ${outcome.framesTotal} of ${info.frames} frames`);
          const gbps = bytes / seconds / 1e9;
          if (round > 0) runs[s]![c]!.push(gbps);
          log(`${round === 0 ? 'warm-up' : `round ${round}/${rounds}`}: ${benchCases[c]!.id} on ${setups[s]!.id} ${gbps.toFixed(2)} GB/s`);
        }
      }
    }
  } finally {
    // The prefixes are this run's own: leave nothing of them in Redis. The workers stop first:
    // a worker still running after the queue was removed writes its queue's meta key again.
    await Promise.all(fleets.map((f) => f?.stop()));
    await Promise.all(executors.map(async (e) => (e instanceof BullmqExecutor ? e.dropQueue().catch(() => undefined) : undefined)));
    await Promise.all(executors.map((e) => e.close()));
  }

  return {
    schema: DISTRIBUTION_SCHEMA,
    date: new Date().toISOString(),
    machine: machineInfo(),
    stemflow: stemflowVersion(),
    file: { path: dataset.path, bytes },
    slots,
    rounds,
    setups,
    cases: benchCases.map((bench, c) => {
      const onThreads = median(runs[0]![c]!);
      return {
        id: bench.id,
        title: bench.title,
        results: setups.map((setup, s) => {
          const gbps = median(runs[s]![c]!);
          // Extra wall time spread over the partitions each slot ran.
          const extraSeconds = bytes / 1e9 / gbps - bytes / 1e9 / onThreads;
          return { setup: setup.id, gbps, runs: runs[s]![c]!, spread: spread(runs[s]![c]!), ratioToThreads: gbps / onThreads, overheadMsPerPartition: (extraSeconds * 1000 * slots) / Math.max(1, setup.partitions ?? 1) };
        }),
      };
    }),
  };
}
