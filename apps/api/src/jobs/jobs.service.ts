import { randomUUID } from 'node:crypto';
import { ConflictException, Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { buildProvenance, resolveCorrections, runJob, type CorrectionFiles, type Executor, type JobProgress, type JobSpec, type Provenance } from '@stemflow/engine';
import { resolveParams, StemflowError, type AnyPlugin, type BufferKind, type NDArray, type ResultAccumulator } from '@stemflow/plugin-sdk';
import { EXECUTOR } from '../common/common.module';
import { SERVER_CONFIG, type ServerConfig } from '../common/server-config';
import { DataRootsService } from '../datasets/data-roots.service';
import { DatasetsService } from '../datasets/datasets.service';
import { PluginRegistryService } from '../plugins/plugin-registry.service';
import { resultKind, toFloat32 } from '../results/result-arrays';
import { ResultStoreService } from '../results/result-store.service';
import { fingerprintChange, rerunCorrections } from '../results/rerun-recipe';
import { JobEventsService, once, type StreamedResult } from './job-events.service';
import { FINISHED, JobsRepository, type JobStatus, type JobView } from './jobs.repository';

export interface CreateJob {
  datasetId: string;
  analysisId: string;
  params?: unknown;
  /** One entry per scan position: 1/true = process it. */
  roi?: (number | boolean)[];
  /** `.npy` paths under the data roots (replacing the data set's own corrections), or false for none. */
  corrections?: CorrectionFiles | false;
}

/** What the scheduler knows about a job while it runs. */
interface LiveJob {
  id: string;
  plugin: AnyPlugin;
  shapes: { navShape: number[]; sigShape: number[] };
  controller: AbortController;
  cancelled: boolean;
  framesDone: number;
  framesTotal: number;
  accumulator?: ResultAccumulator;
  seq: number;
  lastPartialAt: number;
  lastProgressAt: number;
  lastStoredAt: number;
  settled: Promise<void>;
}

/** At most one partial result per job this often (the first one goes out at once). */
export const PARTIAL_INTERVAL_MS = 250;
const PROGRESS_INTERVAL_MS = 100;
const STORE_PROGRESS_INTERVAL_MS = 1000;

/**
 * Validates, stores, runs and cancels jobs. Every job runs on the one shared executor; its
 * progress and merged partial results go out as events, its final results to `.npy` files.
 */
@Injectable()
export class JobsService implements OnModuleInit {
  private readonly logger = new Logger('Jobs');
  private readonly live = new Map<string, LiveJob>();
  private shuttingDown = false;

  constructor(
    private readonly repo: JobsRepository,
    private readonly datasets: DatasetsService,
    private readonly roots: DataRootsService,
    private readonly plugins: PluginRegistryService,
    private readonly results: ResultStoreService,
    private readonly events: JobEventsService,
    @Inject(EXECUTOR) private readonly executor: Executor,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
  ) {}

  onModuleInit(): void {
    const interrupted = this.repo.interruptLeftovers();
    if (interrupted > 0) this.logger.warn(`${interrupted} job(s) left running by a previous server were marked interrupted`);
  }

  /** Check everything, then store and start the job. Invalid input stores and schedules nothing. */
  create(request: CreateJob): { id: string } {
    const dataset = this.datasets.get(request.datasetId);
    const { plugin, pkg, ref } = this.plugins.get(request.analysisId);
    const info = { navShape: dataset.navShape, sigShape: dataset.sigShape, dtype: dataset.descriptor.dtype, frames: dataset.frames };
    const params = resolveParams(plugin, request.params ?? {}, info);
    const roi = request.roi ? roiMask(request.roi, dataset.frames) : undefined;
    const { corrections, source, summary } = resolveCorrections(dataset.descriptor, {
      files: request.corrections ? this.confineCorrections(request.corrections) : {},
      useDataset: request.corrections !== false,
    });
    const id = randomUUID();
    this.repo.insert({ id, datasetId: dataset.id, analysisId: plugin.id, pluginVersion: pkg.version, params, roi });
    const spec: JobSpec = { plugin: ref, params, dataset: dataset.descriptor, ...(roi ? { roi } : {}), ...(corrections ? { corrections } : {}) };
    const provenance: Provenance & { corrections?: Record<string, unknown> } = buildProvenance({
      analysis: plugin.id,
      params,
      dataset: dataset.descriptor,
      stemflowVersion: this.config.version,
      pluginPackage: pkg.packageName,
      pluginVersion: pkg.version,
      ...(roi ? { roi } : {}),
    });
    if (corrections) provenance.corrections = { source, ...summary };
    this.start(id, plugin, spec, provenance);
    return { id };
  }

  /** Each correction file's real path inside the data roots; a refusal names the field. */
  private confineCorrections(files: CorrectionFiles): CorrectionFiles {
    const out: CorrectionFiles = {};
    for (const name of ['dark', 'gain', 'excluded'] as const) {
      const path = files[name];
      if (path === undefined) continue;
      try {
        out[name] = this.roots.confine(path);
      } catch (error) {
        if (!(error instanceof StemflowError)) throw error;
        throw new StemflowError(error.code, `corrections.${name}: ${error.message}`, { errors: [{ path: `/corrections/${name}`, message: error.message }] });
      }
    }
    return out;
  }

  list(): JobView[] {
    return this.repo.list().map((job) => this.withLiveProgress(job));
  }

  get(id: string): JobView {
    return this.withLiveProgress(this.repo.get(id));
  }

  /** Stop a queued or running job (status `cancelled`); a finished job keeps its status. */
  cancel(id: string): { id: string; status: JobStatus } {
    const job = this.repo.get(id);
    if (FINISHED.includes(job.status)) return { id, status: job.status };
    const live = this.live.get(id);
    if (live) {
      live.cancelled = true;
      live.controller.abort();
    }
    if (this.repo.finish(id, 'cancelled', { error: 'cancelled by the user' })) {
      this.events.emit({ type: 'status', jobId: id, status: 'cancelled', error: 'cancelled by the user' });
    }
    return { id, status: 'cancelled' };
  }

  /**
   * Start a new job with the data set, analysis, params, ROI and corrections of a stored one. It
   * runs even when the data set file changed since (size or modification time); `warning` says so.
   */
  rerun(id: string): { id: string; warning?: string } {
    const job = this.repo.get(id);
    const provenance = this.results.provenanceIfAny(id);
    const dataset = this.datasets.get(job.datasetId);
    const recorded = provenance?.dataset ?? this.repo.datasetFingerprint(job.datasetId) ?? {};
    const warning = fingerprintChange(dataset.path, recorded);
    const roi = this.repo.roiOf(id);
    const corrections = rerunCorrections(provenance);
    const created = this.create({
      datasetId: job.datasetId,
      analysisId: job.analysisId,
      params: job.params,
      ...(roi ? { roi: Array.from(roi) } : {}),
      ...(corrections !== undefined ? { corrections } : {}),
    });
    return warning ? { ...created, warning } : created;
  }

  /** Forget a finished job: its row and its result files. A queued or running job must be cancelled first (409). */
  deleteRecord(id: string): void {
    const job = this.repo.get(id);
    if (!FINISHED.includes(job.status)) {
      throw new ConflictException(`job ${id} is ${job.status}: cancel it first (DELETE /api/jobs/${id}), then delete its record`);
    }
    this.results.remove(id);
    this.repo.delete(id);
  }

  /** Live progress and the latest merged results of a running job, for a client that subscribes late. */
  liveState(id: string): { framesDone: number; framesTotal: number; seq: number; partial?: () => StreamedResult[] } | undefined {
    const live = this.live.get(id);
    if (!live) return undefined;
    const accumulator = live.accumulator;
    return {
      framesDone: live.framesDone,
      framesTotal: live.framesTotal,
      seq: live.seq,
      ...(accumulator ? { partial: once(() => streamed(live, accumulator)) } : {}),
    };
  }

  /** Abort every running job and wait for them to stop; they are marked interrupted. */
  async shutdown(timeoutMs = 5000): Promise<void> {
    this.shuttingDown = true;
    const running = [...this.live.values()];
    for (const live of running) live.controller.abort();
    await Promise.race([Promise.allSettled(running.map((l) => l.settled)), new Promise((r) => setTimeout(r, timeoutMs).unref())]);
    for (const live of running) {
      if (this.repo.finish(live.id, 'interrupted', { error: 'the server was shut down while the job ran; run it again' })) {
        this.events.emit({ type: 'status', jobId: live.id, status: 'interrupted', error: 'the server was shut down while the job ran; run it again' });
      }
    }
  }

  private withLiveProgress(job: JobView): JobView {
    const live = this.live.get(job.id);
    if (!live || FINISHED.includes(job.status)) return job;
    return { ...job, progress: progressOf(live), framesDone: live.framesDone, framesTotal: live.framesTotal };
  }

  private start(id: string, plugin: AnyPlugin, spec: JobSpec, provenance: Provenance): void {
    const live: LiveJob = {
      id,
      plugin,
      shapes: { navShape: spec.dataset.navShape, sigShape: spec.dataset.sigShape },
      controller: new AbortController(),
      cancelled: false,
      framesDone: 0,
      framesTotal: spec.roi ? spec.roi.reduce((n, v) => n + (v ? 1 : 0), 0) : spec.dataset.navShape.reduce((a, b) => a * b, 1),
      seq: 0,
      lastPartialAt: 0,
      lastProgressAt: 0,
      lastStoredAt: 0,
      settled: Promise.resolve(),
    };
    this.live.set(id, live);
    live.settled = this.run(live, spec, provenance).finally(() => this.live.delete(id));
  }

  private async run(live: LiveJob, spec: JobSpec, provenance: Provenance): Promise<void> {
    const { id } = live;
    this.repo.markRunning(id);
    this.emitProgress(live, 'running');
    let results: Record<string, NDArray>;
    try {
      const outcome = await runJob(spec, this.executor, {
        signal: live.controller.signal,
        onFrames: (p) => this.onFrames(live, p),
        onPartition: (p) => this.onPartition(live, p),
      });
      results = outcome.results;
      if (live.cancelled || this.shuttingDown) return;
      const index = this.results.write(id, results, kindsOf(results, live), provenance);
      if (!this.repo.finish(id, 'done', { results: index, progress: 1 })) return;
      this.logger.log(`job ${id} (${spec.plugin.id}) done in ${outcome.seconds.toFixed(2)} s`);
    } catch (error) {
      if (live.cancelled || this.shuttingDown) return;
      const message = error instanceof StemflowError ? error.message : `unexpected error: ${(error as Error)?.message ?? String(error)}`;
      if (!(error instanceof StemflowError)) this.logger.error(`job ${id} failed: ${message}`, (error as Error)?.stack);
      if (this.repo.finish(id, 'failed', { error: message })) this.events.emit({ type: 'status', jobId: id, status: 'failed', error: message });
      return;
    }
    live.framesDone = live.framesTotal;
    this.emitProgress(live, 'done');
    const finalResults = results;
    live.seq += 1;
    this.events.emit({ type: 'results', jobId: id, seq: live.seq, final: true, results: once(() => toStreamed(finalResults, live, live.accumulator)) });
    this.events.emit({ type: 'status', jobId: id, status: 'done' });
  }

  private onFrames(live: LiveJob, p: JobProgress): void {
    live.framesDone = p.framesDone;
    live.framesTotal = p.framesTotal;
    const now = Date.now();
    if (now - live.lastStoredAt >= STORE_PROGRESS_INTERVAL_MS) {
      live.lastStoredAt = now;
      this.repo.setProgress(live.id, progressOf(live));
    }
    if (now - live.lastProgressAt >= PROGRESS_INTERVAL_MS) this.emitProgress(live, 'running');
  }

  private onPartition(live: LiveJob, p: JobProgress): void {
    if (live.cancelled) return;
    live.accumulator = p.accumulator;
    live.framesTotal = p.framesTotal;
    const now = Date.now();
    if (live.seq === 0 || now - live.lastPartialAt >= PARTIAL_INTERVAL_MS) {
      live.lastPartialAt = now;
      live.seq += 1;
      const accumulator = p.accumulator;
      this.emitProgress(live, 'running');
      this.events.emit({ type: 'results', jobId: live.id, seq: live.seq, final: false, results: once(() => streamed(live, accumulator)) });
    }
  }

  private emitProgress(live: LiveJob, status: JobStatus): void {
    live.lastProgressAt = Date.now();
    this.events.emit({ type: 'progress', jobId: live.id, status, progress: status === 'done' ? 1 : progressOf(live), framesDone: live.framesDone, framesTotal: live.framesTotal });
  }
}

function progressOf(live: LiveJob): number {
  return live.framesTotal > 0 ? Math.min(1, live.framesDone / live.framesTotal) : 0;
}

/** The merged results so far, as float32 with NaN at scan positions not merged yet. */
function streamed(live: LiveJob, accumulator: ResultAccumulator): StreamedResult[] {
  return toStreamed(accumulator.results(), live, accumulator);
}

function toStreamed(results: Record<string, NDArray>, live: LiveJob, accumulator?: ResultAccumulator): StreamedResult[] {
  const kinds = kindsOf(results, live);
  return Object.entries(results).map(([name, array]) => ({
    name,
    shape: [...array.shape],
    ...(kinds[name] ? { kind: kinds[name] } : {}),
    data: toFloat32(array, kinds[name] === 'nav' ? accumulator?.valid : undefined),
  }));
}

/** Layout of each result: its buffer's kind when results are the buffers, else read from the shape. */
function kindsOf(results: Record<string, NDArray>, live: LiveJob): Record<string, BufferKind | undefined> {
  const buffers = live.plugin.udf.buffers;
  const decls = live.accumulator?.decls ?? (typeof buffers === 'function' ? {} : buffers);
  const declared = live.plugin.udf.results ? {} : decls;
  const kinds: Record<string, BufferKind | undefined> = {};
  for (const [name, array] of Object.entries(results)) kinds[name] = resultKind(array.shape, live.shapes, declared[name]?.kind);
  return kinds;
}

function roiMask(roi: (number | boolean)[], frames: number): Uint8Array {
  if (roi.length !== frames) {
    throw new StemflowError('PARAMS_INVALID', `the ROI has ${roi.length} entries but the data set has ${frames} scan positions`, {
      errors: [{ path: '/roi', message: `must have ${frames} entries, one per scan position` }],
    });
  }
  const mask = Uint8Array.from(roi, (v) => (v ? 1 : 0));
  if (!mask.some((v) => v === 1)) {
    throw new StemflowError('PARAMS_INVALID', 'the ROI selects no scan position', { errors: [{ path: '/roi', message: 'must select at least one scan position' }] });
  }
  return mask;
}
