import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { StemflowError, type Partition } from '@stemflow/plugin-sdk';
import type { Executor, ExecutorHandlers, JobSpec } from './executor';
import type { TaskMessage, WorkerMessage } from './thread-messages';

/** Handlers of `runEncoded`: a result arrives in the wire format of bullmq/result-codec. */
export interface EncodedResultHandlers {
  onEncoded(bytes: Buffer): void;
  onFrames(frames: number): void;
}

interface JobRun {
  spec: JobSpec;
  pending: Partition[];
  running: number;
  handlers: ExecutorHandlers;
  /** Set by runEncoded: results come encoded from the thread, to this handler. */
  onEncoded?: (bytes: Buffer) => void;
  cancel: Int32Array;
  finished: boolean;
  resolve(): void;
  reject(error: unknown): void;
}

interface Slot {
  worker: Worker;
  task?: { id: number; job: JobRun };
  /** Settles when the thread has loaded its modules, or exited. */
  loaded: Promise<void>;
}

/** How long `close` waits for a thread still loading before terminating it anyway. */
const LOAD_WAIT_MS = 10_000;

/** The compiled worker script; under ts-jest/swc the engine runs from source, so use its build. */
function workerScript(): string {
  const beside = join(__dirname, 'thread-worker.js');
  if (existsSync(beside)) return beside;
  const built = resolve(__dirname, '../../dist/executors/thread-worker.js');
  if (existsSync(built)) return built;
  throw new StemflowError('INTERNAL', `the thread worker script is missing (${built}): run "npm run build" first`);
}

/**
 * A pool of worker threads, one per core by default. Jobs share the workers round-robin,
 * so a small job is not starved by a big one. A worker that dies fails only the job whose
 * partition it was running, and is replaced.
 */
export class ThreadExecutor implements Executor {
  readonly kind = 'threads' as const;
  readonly workers: number;
  private readonly slots: Slot[] = [];
  private jobs: JobRun[] = [];
  private nextJob = 0;
  private nextTaskId = 1;
  private closed = false;

  private readonly fifo: boolean;

  /**
   * `fifo`: serve runs in arrival order instead of round-robin. A BullMQ worker process wants
   * this: each of its runs is one partition, already ordered by the queue (a job's big partitions
   * before its tapered tail), and round-robin would let a small tail partition overtake a big one.
   */
  constructor(options: { workers?: number; fifo?: boolean } = {}) {
    this.workers = Math.max(1, options.workers ?? availableParallelism());
    this.fifo = options.fifo ?? false;
  }

  run(spec: JobSpec, partitions: Partition[], handlers: ExecutorHandlers, signal?: AbortSignal): Promise<void> {
    return this.start(spec, partitions, handlers, undefined, signal);
  }

  /**
   * Like `run`, but each result is encoded for the wire (shuffle, lz4, checksum) on the thread
   * that computed it: a BullMQ worker process forwards results without touching their arrays.
   */
  runEncoded(spec: JobSpec, partitions: Partition[], handlers: EncodedResultHandlers, signal?: AbortSignal): Promise<void> {
    const onResult = (): void => {
      throw new StemflowError('INTERNAL', 'a thread sent arrays for an encoded run');
    };
    return this.start(spec, partitions, { onResult, onFrames: handlers.onFrames }, handlers.onEncoded, signal);
  }

  private start(spec: JobSpec, partitions: Partition[], handlers: ExecutorHandlers, onEncoded: JobRun['onEncoded'], signal?: AbortSignal): Promise<void> {
    if (this.closed) return Promise.reject(new StemflowError('INTERNAL', 'the thread executor is closed'));
    return new Promise<void>((resolvePromise, rejectPromise) => {
      const job: JobRun = {
        spec,
        pending: [...partitions],
        running: 0,
        handlers,
        onEncoded,
        cancel: new Int32Array(new SharedArrayBuffer(4)),
        finished: false,
        resolve: resolvePromise,
        reject: rejectPromise,
      };
      if (signal?.aborted) return rejectPromise(new StemflowError('CANCELLED', 'the job was cancelled'));
      signal?.addEventListener('abort', () => this.fail(job, new StemflowError('CANCELLED', 'the job was cancelled')), { once: true });
      this.jobs.push(job);
      this.settleIfDone(job);
      this.dispatch();
    });
  }

  /** Start every worker now (each takes ~0.5–1 s to load), so the first job streams at once. */
  warmUp(): void {
    while (this.slots.length < this.workers) this.slots.push(this.spawn());
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.jobs) this.fail(job, new StemflowError('CANCELLED', 'the executor was shut down'));
    // Node aborts the whole process when a thread is terminated in the middle of loading an ES
    // module through require() (typebox): let every thread finish loading first.
    await Promise.all(
      this.slots.map(async (slot) => {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([slot.loaded, new Promise<void>((r) => (timer = setTimeout(r, LOAD_WAIT_MS)))]);
        clearTimeout(timer);
        await slot.worker.terminate();
      }),
    );
    this.slots.length = 0;
  }

  private dispatch(): void {
    while (this.slots.length < this.workers && this.jobs.some((j) => j.pending.length > 0)) this.slots.push(this.spawn());
    for (const slot of this.slots) {
      if (slot.task) continue;
      const job = this.pickJob();
      if (!job) return;
      const partition = job.pending.shift()!;
      job.running += 1;
      const id = this.nextTaskId++;
      slot.task = { id, job };
      slot.worker.ref(); // keep the process alive while work is in flight
      const message: TaskMessage = { type: 'task', taskId: id, spec: job.spec, partition, cancel: job.cancel, encode: job.onEncoded !== undefined };
      slot.worker.postMessage(message);
    }
  }

  /** Round-robin over jobs that still have partitions to hand out (the oldest first when `fifo`). */
  private pickJob(): JobRun | undefined {
    if (this.fifo) return this.jobs.find((j) => j.pending.length > 0);
    for (let i = 0; i < this.jobs.length; i++) {
      const job = this.jobs[(this.nextJob + i) % this.jobs.length]!;
      if (job.pending.length > 0) {
        this.nextJob = (this.nextJob + i + 1) % this.jobs.length;
        return job;
      }
    }
    return undefined;
  }

  private spawn(): Slot {
    const worker = new Worker(workerScript());
    const loaded = new Promise<void>((resolve) => {
      worker.on('message', (message: WorkerMessage) => message.type === 'loaded' && resolve());
      worker.once('exit', () => resolve());
    });
    const slot: Slot = { worker, loaded };
    slot.worker.on('message', (message: WorkerMessage) => this.onMessage(slot, message));
    slot.worker.on('error', (error) => this.onWorkerDeath(slot, `worker thread failed: ${error.message}`));
    slot.worker.on('exit', (code) => this.onWorkerDeath(slot, `worker thread exited with code ${code}`));
    slot.worker.unref();
    return slot;
  }

  private onMessage(slot: Slot, message: WorkerMessage): void {
    if (message.type === 'loaded') return;
    const task = slot.task;
    if (!task || task.id !== message.taskId) return;
    const job = task.job;
    if (message.type === 'frames') {
      if (!job.finished) job.handlers.onFrames(message.frames);
      return;
    }
    slot.task = undefined;
    slot.worker.unref(); // an idle pool must not keep the process alive
    job.running -= 1;
    if (message.type === 'error') {
      this.fail(job, new StemflowError(message.error.code, message.error.message));
    } else if (!job.finished) {
      try {
        if (message.type === 'encoded') job.onEncoded!(Buffer.from(message.bytes.buffer, message.bytes.byteOffset, message.bytes.byteLength));
        else job.handlers.onResult(message.result);
      } catch (error) {
        this.fail(job, error);
      }
    }
    this.settleIfDone(job);
    this.dispatch();
  }

  private onWorkerDeath(slot: Slot, reason: string): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    if (slot.task) {
      slot.task.job.running -= 1;
      this.fail(slot.task.job, new StemflowError('KERNEL_FAILED', `${reason} while processing a partition of "${slot.task.job.spec.plugin.id}"`));
      this.settleIfDone(slot.task.job);
    }
    if (!this.closed) this.dispatch();
  }

  private fail(job: JobRun, error: unknown): void {
    if (job.finished) return;
    job.finished = true;
    Atomics.store(job.cancel, 0, 1);
    job.pending = [];
    this.jobs = this.jobs.filter((j) => j !== job);
    job.reject(error);
  }

  private settleIfDone(job: JobRun): void {
    if (job.finished || job.pending.length > 0 || job.running > 0) return;
    job.finished = true;
    this.jobs = this.jobs.filter((j) => j !== job);
    job.resolve();
  }
}
