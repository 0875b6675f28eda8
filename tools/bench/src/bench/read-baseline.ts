import { Worker } from 'node:worker_threads';

/** The engine's tile size: each reader reads into one reused buffer of this many bytes. */
export const READ_BUFFER_BYTES = 2 ** 20;

/**
 * A reader thread: opens the file, reads its byte range with `fs.readSync` into one buffer that
 * lives as long as the thread, and answers with the bytes read. Plain JavaScript evaluated as a
 * worker, so it runs the same from the build and from the TypeScript sources under Jest.
 */
const READER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { closeSync, openSync, readSync } = require('node:fs');
const buffer = Buffer.allocUnsafe(${READ_BUFFER_BYTES}).fill(0);
parentPort.on('message', ({ path, start, end }) => {
  const fd = openSync(path, 'r');
  let bytes = 0;
  try {
    for (let at = start; at < end; ) {
      const n = readSync(fd, buffer, 0, Math.min(buffer.length, end - at), at);
      if (n === 0) break;
      at += n;
      bytes += n;
    }
  } finally {
    closeSync(fd);
  }
  parentPort.postMessage(bytes);
});
`;

/** Contiguous byte ranges, one per reader, split at 4 KiB boundaries (page-aligned reads). */
export function shares(bytes: number, readers: number): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < readers; i++) {
    const start = i === 0 ? 0 : Math.floor((bytes * i) / readers / 4096) * 4096;
    const end = i === readers - 1 ? bytes : Math.floor((bytes * (i + 1)) / readers / 4096) * 4096;
    out.push([start, end]);
  }
  return out;
}

/**
 * What the file system alone delivers: `readers` threads, each reading its contiguous share of
 * the file into its one reused 1 MiB buffer. The analyses' throughput is compared to this.
 */
export class ReadBaseline {
  private readonly workers: Worker[];

  constructor(readonly readers: number) {
    this.workers = Array.from({ length: readers }, () => new Worker(READER_SOURCE, { eval: true }));
  }

  /** Read the whole file once; resolves with the bytes read and the seconds taken. */
  async read(path: string, bytes: number): Promise<{ bytes: number; seconds: number }> {
    const started = performance.now();
    const counts = await Promise.all(
      shares(bytes, this.workers.length).map(
        ([start, end], i) =>
          new Promise<number>((resolve, reject) => {
            const worker = this.workers[i]!;
            const exited = (code: number) => settle(() => reject(new Error(`a read-baseline thread exited with code ${code}`)));
            const failed = (error: Error) => settle(() => reject(error));
            const done = (n: number) => settle(() => resolve(n));
            const settle = (then: () => void) => {
              worker.off('message', done).off('error', failed).off('exit', exited);
              then();
            };
            worker.once('message', done).once('error', failed).once('exit', exited);
            worker.postMessage({ path, start, end });
          }),
      ),
    );
    return { bytes: counts.reduce((a, b) => a + b, 0), seconds: (performance.now() - started) / 1000 };
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
