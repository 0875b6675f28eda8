import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { StemflowError } from '@stemflow/plugin-sdk';
import { H5_HOST_SOURCE } from './h5-host-source';

/**
 * Synchronous access to h5wasm, which lives in a helper thread (see h5-host-source.ts). One
 * helper per thread that reads HDF5 (the host, each engine worker). A helper that crashed, hung
 * or aborted is replaced on the next call; file handles are re-opened by `H5File`.
 */

/** How long one call may take before the helper is declared hung (reads of one tile, or the first start). */
function timeoutMs(): number {
  const fromEnv = Number(process.env.STEMFLOW_HDF5_TIMEOUT_MS);
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : 120_000;
}

/** Look for a package file in node_modules folders above this file (h5wasm exports only an `import` condition). */
function findInNodeModules(relative: string): string | undefined {
  let dir = __dirname;
  for (;;) {
    const candidate = join(dir, 'node_modules', relative);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export interface H5Answer {
  ok: boolean;
  value?: unknown;
  error?: string;
  fatal?: boolean;
}

export class H5HelperError extends Error {
  constructor(
    message: string,
    readonly fatal: boolean,
  ) {
    super(message);
  }
}

class H5Bridge {
  /** Bumped each time a helper is started: handles from an older generation are stale. */
  generation = 0;
  private worker?: Worker;
  private port?: MessagePort;
  private readonly control = new Int32Array(new SharedArrayBuffer(4));
  private shared?: SharedArrayBuffer;
  private sharedSent = false;

  call<T>(request: Record<string, unknown>): T {
    this.start();
    const message: Record<string, unknown> = { ...request };
    if (this.shared && !this.sharedSent) {
      message.shared = this.shared;
      this.sharedSent = true;
    }
    Atomics.store(this.control, 0, 0);
    this.port!.postMessage(message);
    const waited = Atomics.wait(this.control, 0, 0, timeoutMs());
    const received = receiveMessageOnPort(this.port!);
    if (waited === 'timed-out' && !received) {
      this.stop();
      throw new H5HelperError(`the HDF5 library did not answer within ${Math.round(timeoutMs() / 1000)} s`, true);
    }
    const answer = received?.message as H5Answer | undefined;
    if (!answer) {
      this.stop();
      throw new H5HelperError('the HDF5 helper thread stopped without answering', true);
    }
    if (!answer.ok) {
      if (answer.fatal) this.stop();
      throw new H5HelperError(answer.error ?? 'unknown HDF5 error', answer.fatal === true);
    }
    return answer.value as T;
  }

  /** Shared memory of at least `bytes` for bulk reads; the view is valid until the next call. */
  sharedBuffer(bytes: number): SharedArrayBuffer {
    if (!this.shared || this.shared.byteLength < bytes) {
      this.shared = new SharedArrayBuffer(Math.max(bytes, 1 << 20));
      this.sharedSent = false;
    }
    return this.shared;
  }

  stop(): void {
    if (this.worker) void this.worker.terminate();
    this.port?.close();
    this.worker = undefined;
    this.port = undefined;
    this.sharedSent = false;
  }

  /** Start a helper if none runs (bumps `generation`). */
  start(): void {
    if (this.worker) return;
    const h5wasmPath = findInNodeModules('h5wasm/dist/node/hdf5_hl.js');
    if (!h5wasmPath) {
      throw new StemflowError('INTERNAL', 'HDF5 support needs the h5wasm package (npm install h5wasm@~0.10 -w @stemflow/engine)');
    }
    // Compression plugins (bitshuffle/LZ4, blosc, zstd, lz4…); STEMFLOW_HDF5_NO_PLUGINS=1 runs without them.
    const pluginDir = process.env.STEMFLOW_HDF5_NO_PLUGINS ? undefined : findInNodeModules('h5wasm-plugins/plugins');
    const { port1, port2 } = new MessageChannel();
    this.worker = new Worker(H5_HOST_SOURCE, {
      eval: true,
      workerData: { port: port2, control: this.control, h5wasmPath, pluginDir },
      transferList: [port2],
    });
    // Errors surface through the answers; an idle helper must not keep the process alive.
    this.worker.on('error', () => undefined);
    this.worker.unref();
    this.port = port1;
    this.generation += 1;
    this.sharedSent = false;
  }
}

let bridge: H5Bridge | undefined;

/** This thread's bridge (module state is per thread in worker_threads). */
export function h5Bridge(): H5Bridge {
  bridge ??= new H5Bridge();
  return bridge;
}

export type { H5Bridge };
