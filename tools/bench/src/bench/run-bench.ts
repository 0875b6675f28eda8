import { statSync } from 'node:fs';
import {
  createExecutor,
  describeDataSet,
  discoverPlugins,
  openDataSet,
  PluginCatalog,
  runJob,
  type DatasetDescriptor,
  type JobSpec,
  type OpenRequest,
} from '@stemflow/engine';
import { kernelInfo, product, resolveParams, StemflowError, type DatasetInfo } from '@stemflow/plugin-sdk';
import { ensureBenchFile } from './bench-file';
import { BENCH_CASES, type BenchCase } from './cases';
import { LIBERTEM_REFERENCE } from './libertem-reference';
import { machineInfo, stemflowVersion } from './machine-info';
import { preparePageCache } from './page-cache';
import { READ_BUFFER_BYTES, ReadBaseline } from './read-baseline';
import { BENCH_SCHEMA, type BenchReport, type Measured } from './report';
import { peakRssMiB, RssSampler } from './rss-sampler';
import { median, spread } from './stats';

/** Fewer counted rounds than this give a record marked `valid: false`. */
export const MIN_VALID_ROUNDS = 3;

export interface BenchOptions {
  /** An existing data set to measure (any format the engine reads); by default the generated file. */
  request?: OpenRequest;
  /** Where the generated file lives, and its shape (default 128×128 × 256×256). */
  dataDir?: string;
  navShape?: [number, number];
  sigShape?: [number, number];
  /** Engine worker threads, and as many reader threads for the baseline; default one per core. */
  workers?: number;
  /** Counted rounds after the warm-up round (default 3). */
  rounds?: number;
  /** Drop the file's cached pages and read it back in one pass first (default true); see `PageCacheState`. */
  reloadPageCache?: boolean;
  /** Progress lines (generation, each measurement). */
  log?: (line: string) => void;
}

interface PreparedCase {
  bench: BenchCase;
  spec: JobSpec;
  runs: number[];
  rss: RssSampler;
}

/** The plugins the suite needs, loading only their packages. */
function catalogFor(cases: readonly BenchCase[]): PluginCatalog {
  const wanted = new Set(cases.map((c) => c.pluginPackage));
  const catalog = new PluginCatalog(discoverPlugins(__dirname).filter((p) => wanted.has(p.pluginId)));
  if (catalog.problems.length > 0) throw new StemflowError('PLUGIN_INVALID', catalog.problems.map((p) => p.message).join('; '));
  return catalog;
}

/** Run one measured pass with the resident memory sampled, stopping the sampler whatever happens. */
async function sampled<T>(rss: RssSampler, pass: () => Promise<T>): Promise<T> {
  rss.start();
  try {
    return await pass();
  } finally {
    rss.stop();
  }
}

function summarize(runs: number[], rss: RssSampler): Measured {
  return { gbps: median(runs), runs, spread: spread(runs), peakRssMiB: Math.round(rss.stop()) };
}

/**
 * The benchmark: the read baseline and every analysis of the LiberTEM table over one file from
 * the page cache, interleaved — a warm-up round, then `rounds` rounds each running the baseline
 * and then every analysis once — so a machine that gets busier slows all of them alike.
 */
export async function runBench(options: BenchOptions = {}): Promise<BenchReport> {
  const log = options.log ?? (() => undefined);
  const rounds = options.rounds ?? MIN_VALID_ROUNDS;
  if (!Number.isInteger(rounds) || rounds < 1) throw new StemflowError('PARAMS_INVALID', `rounds must be a whole number ≥ 1, got ${rounds}`);

  let request = options.request;
  let generatedSeconds: number | undefined;
  if (!request) {
    const file = ensureBenchFile({ dataDir: options.dataDir, navShape: options.navShape, sigShape: options.sigShape });
    request = file.request;
    generatedSeconds = file.generatedSeconds;
    log(generatedSeconds === undefined ? `using ${file.path}` : `generated ${file.path} in ${generatedSeconds.toFixed(1)} s`);
  }
  const dataset: DatasetDescriptor = describeDataSet(request);
  openDataSet(dataset).close(); // refuses a file too short for its shape before any work
  const bytes = statSync(dataset.path).size;
  const info: DatasetInfo = { navShape: dataset.navShape, sigShape: dataset.sigShape, dtype: dataset.dtype, frames: product(dataset.navShape) };

  const catalog = catalogFor(BENCH_CASES);
  const cases: PreparedCase[] = BENCH_CASES.map((bench) => {
    const entry = catalog.get(bench.analysis);
    const params = resolveParams(entry.plugin, bench.params(info), info);
    return { bench, spec: { plugin: entry.ref, params, dataset }, runs: [], rss: new RssSampler() };
  });

  const pageCache = preparePageCache(dataset.path, bytes, options.reloadPageCache ?? true);
  log(`page cache: ${pageCache}`);
  const executor = createExecutor('threads', { workers: options.workers });
  executor.warmUp?.();
  const reader = new ReadBaseline(executor.workers);
  const read = { runs: [] as number[], rss: new RssSampler() };
  try {
    for (let round = 0; round <= rounds; round++) {
      const label = round === 0 ? 'warm-up' : `round ${round}/${rounds}`;
      const pass = await sampled(read.rss, () => reader.read(dataset.path, bytes));
      if (pass.bytes !== bytes) throw new StemflowError('FILE_CORRUPT', `the read baseline read ${pass.bytes} of ${bytes} bytes of ${dataset.path}: did the file change?`);
      const readGbps = bytes / pass.seconds / 1e9;
      if (round > 0) read.runs.push(readGbps);
      log(`${label}: read baseline ${readGbps.toFixed(2)} GB/s`);
      for (const c of cases) {
        const started = performance.now();
        const outcome = await sampled(c.rss, () => runJob(c.spec, executor));
        const seconds = (performance.now() - started) / 1000;
        if (outcome.framesTotal !== info.frames) throw new StemflowError('INTERNAL', `${c.bench.id} processed ${outcome.framesTotal} of ${info.frames} frames`);
        const gbps = bytes / seconds / 1e9;
        if (round > 0) c.runs.push(gbps);
        log(`${label}: ${c.bench.id} ${gbps.toFixed(2)} GB/s`);
      }
    }
  } finally {
    await Promise.all([executor.close(), reader.close()]);
  }

  const readResult = summarize(read.runs, read.rss);
  return {
    schema: BENCH_SCHEMA,
    date: new Date().toISOString(),
    valid: rounds >= MIN_VALID_ROUNDS,
    machine: machineInfo(),
    versions: {
      stemflow: stemflowVersion(),
      node: process.version,
      v8: process.versions.v8,
      plugins: Object.fromEntries(catalog.entries.map((e) => [e.pkg.pluginId, e.pkg.version])),
    },
    kernels: kernelInfo(),
    file: {
      path: dataset.path,
      bytes,
      format: dataset.format,
      navShape: dataset.navShape,
      sigShape: dataset.sigShape,
      dtype: dataset.dtype,
      ...(generatedSeconds !== undefined ? { generatedSeconds } : {}),
      pageCache,
    },
    workers: executor.workers,
    rounds,
    read: { ...readResult, readers: executor.workers, bufferBytes: READ_BUFFER_BYTES },
    cases: cases.map(({ bench, runs, rss }) => {
      const measured = summarize(runs, rss);
      const reference = LIBERTEM_REFERENCE.cases[bench.id];
      return {
        id: bench.id,
        title: bench.title,
        analysis: bench.analysis,
        ...measured,
        ratioToRead: measured.gbps / readResult.gbps,
        libertemGbps: reference?.libertemGbps ?? null,
        targetGbps: reference?.targetGbps ?? null,
        ratioToLibertem: reference ? measured.gbps / reference.libertemGbps : null,
      };
    }),
    peakRssMiB: Math.round(peakRssMiB()),
    peakRssTargetMiB: LIBERTEM_REFERENCE.peakRssTargetMiB,
    reference: LIBERTEM_REFERENCE.source,
  };
}
