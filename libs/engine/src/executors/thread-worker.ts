import { parentPort } from 'node:worker_threads';
import { BufferPool, runPartition, StemflowError } from '@stemflow/plugin-sdk';
import { loadPlugin } from '../plugins/load';
import { OpenDataSets } from './open-data-sets';
import type { TaskMessage, WorkerMessage } from './thread-messages';
import { partitionOptionsOf } from './executor';

/** A worker thread: runs partition tasks, sends back buffers by transfer (no copy), or encoded for the wire. */
const port = parentPort!;
const pool = new BufferPool();
const openSets = new OpenDataSets();
const PROGRESS_INTERVAL_MS = 100;
/** Loaded with the first encoded task: the threads of a threads executor never need lz4. */
let encodeResult: typeof import('./bullmq/result-codec').encodeResult | undefined;

function send(message: WorkerMessage, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

port.on('message', (message: TaskMessage) => {
  const { taskId, spec, partition, cancel, encode } = message;
  let frames = 0;
  let lastSent = Date.now();
  try {
    const plugin = loadPlugin(spec.plugin);
    const result = runPartition(plugin, spec.params, openSets.get(spec.dataset), partition, {
      ...partitionOptionsOf(spec),
      pool,
      isCancelled: () => Atomics.load(cancel, 0) !== 0,
      onFrames: (n) => {
        frames += n;
        const now = Date.now();
        if (now - lastSent >= PROGRESS_INTERVAL_MS) {
          send({ type: 'frames', taskId, frames });
          frames = 0;
          lastSent = now;
        }
      },
    });
    if (frames > 0) send({ type: 'frames', taskId, frames });
    // Encoded here, in parallel on the partition threads: the process's main thread only forwards
    // ~100 KB instead of shuffling, compressing and collecting the result's arrays.
    if (encode) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      encodeResult ??= (require('./bullmq/result-codec') as typeof import('./bullmq/result-codec')).encodeResult;
      return send({ type: 'encoded', taskId, bytes: encodeResult(result) });
    }
    const transfer = Object.values(result.buffers).map((b) => b.buffer as ArrayBuffer);
    send({ type: 'result', taskId, result }, [...transfer, result.navIndices.buffer as ArrayBuffer]);
  } catch (error) {
    const e = error instanceof StemflowError ? error : new StemflowError('KERNEL_FAILED', (error as Error)?.message ?? String(error));
    send({ type: 'error', taskId, error: { code: e.code, message: e.message } });
  }
});

send({ type: 'loaded' });
