import { spawn, type ChildProcess } from 'node:child_process';
import { StemflowError } from '@stemflow/plugin-sdk';

export interface FleetOptions {
  /** How to start `stemflow worker` here: the node binary and the CLI script (e.g. `[process.execPath, 'tools/cli/bin/stemflow.js']`). */
  command: readonly string[];
  redis: string;
  prefix: string;
  processes: number;
  /** Partition threads per process. */
  concurrency: number;
  /** Give up on a worker that has not said "ready" after this long (ms). */
  readyTimeoutMs?: number;
}

/** A set of `stemflow worker` processes on one queue prefix, started for a measurement. */
export class WorkerFleet {
  private frozen = false;

  private constructor(private readonly children: ChildProcess[]) {}

  static async start(options: FleetOptions): Promise<WorkerFleet> {
    const [node, ...script] = options.command;
    if (!node) throw new StemflowError('PARAMS_INVALID', 'no command to start "stemflow worker" with');
    const args = [...script, 'worker', '--redis', options.redis, '--prefix', options.prefix, '--concurrency', String(options.concurrency)];
    const children = Array.from({ length: options.processes }, () => spawn(node, args, { stdio: ['ignore', 'pipe', 'pipe'] }));
    const fleet = new WorkerFleet(children);
    try {
      await Promise.all(children.map((child) => ready(child, options.readyTimeoutMs ?? 30_000)));
    } catch (error) {
      await fleet.stop();
      throw error;
    }
    return fleet;
  }

  /**
   * Freeze the workers (SIGSTOP) while another set-up is measured: on a cluster they would be on
   * other machines, here their idle work (V8's memory reducer, BullMQ's timers) would take CPU
   * from the set-up being measured. Call between jobs only.
   */
  pause(): void {
    if (!this.frozen) this.signal('SIGSTOP');
    this.frozen = true;
  }

  resume(): void {
    if (this.frozen) this.signal('SIGCONT');
    this.frozen = false;
  }

  get paused(): boolean {
    return this.frozen;
  }

  private signal(signal: NodeJS.Signals): void {
    for (const child of this.children) if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  }

  /** SIGTERM every worker and wait for it to exit (they finish running partitions first). */
  async stop(): Promise<void> {
    this.resume(); // a stopped process would not act on SIGTERM
    await Promise.all(
      this.children.map(
        (child) =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
            child.once('exit', () => {
              clearTimeout(force);
              done();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
  }
}

/** Resolves when the worker prints "ready" on stdout; rejects with its stderr if it exits or times out first. */
function ready(child: ChildProcess, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    const timer = setTimeout(() => reject(new StemflowError('INTERNAL', `a "stemflow worker" was not ready after ${timeoutMs} ms: ${stderr.trim()}`)), timeoutMs);
    child.stdout!.on('data', (chunk: Buffer) => {
      if (/ ready\b/.test(chunk.toString())) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new StemflowError('INTERNAL', `a "stemflow worker" exited (${signal ?? `code ${code}`}) before it was ready: ${stderr.trim()}`));
    });
  });
}
