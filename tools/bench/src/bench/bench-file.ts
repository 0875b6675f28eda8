import { closeSync, existsSync, mkdirSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { OpenRequest } from '@stemflow/engine';
import { SyntheticFrames } from './synthetic-frames';

/** The shape of the LiberTEM comparison: 2 GiB of uint16. */
export const DEFAULT_NAV: [number, number] = [128, 128];
export const DEFAULT_SIG: [number, number] = [256, 256];

/** Frames are generated into one reused buffer of about this size (fresh memory is slow to touch). */
const CHUNK_BYTES = 16 * 2 ** 20;

export interface BenchFileOptions {
  /** Folder of generated files; default `$STEMFLOW_HOME/bench` or `~/.stemflow/bench`. */
  dataDir?: string;
  navShape?: [number, number];
  sigShape?: [number, number];
  /** Called now and then while generating: bytes written so far and in all. */
  onProgress?: (done: number, total: number) => void;
}

export interface BenchFile {
  path: string;
  /** How to open it: raw with its shape and dtype. */
  request: OpenRequest;
  /** Seconds spent generating it now; undefined when an existing file was reused. */
  generatedSeconds?: number;
}

/** `$STEMFLOW_HOME/bench`, or `~/.stemflow/bench`. */
export function defaultBenchDir(): string {
  return join(process.env.STEMFLOW_HOME ?? join(homedir(), '.stemflow'), 'bench');
}

/** `bench-128x128-256x256-uint16.raw`: the name says the shape, so differently sized files live side by side. */
export function benchFileName(navShape: readonly number[], sigShape: readonly number[]): string {
  return `bench-${navShape.join('x')}-${sigShape.join('x')}-uint16.raw`;
}

/**
 * The generated benchmark file, written once and reused while it has the expected size. It is
 * written under a temporary name and renamed at the end, so an interrupted run never leaves a
 * truncated file behind.
 */
export function ensureBenchFile(options: BenchFileOptions = {}): BenchFile {
  const navShape = options.navShape ?? DEFAULT_NAV;
  const sigShape = options.sigShape ?? DEFAULT_SIG;
  const dir = options.dataDir ?? defaultBenchDir();
  const path = join(dir, benchFileName(navShape, sigShape));
  const request: OpenRequest = { path, format: 'raw', navShape: [...navShape], sigShape: [...sigShape], dtype: 'uint16' };
  const frames = navShape[0] * navShape[1];
  const frameBytes = sigShape[0] * sigShape[1] * 2;
  if (existsSync(path) && statSync(path).size === frames * frameBytes) return { path, request };

  const started = performance.now();
  mkdirSync(dir, { recursive: true });
  const partial = `${path}.partial-${process.pid}`;
  const framesPerChunk = Math.max(1, Math.floor(CHUNK_BYTES / frameBytes));
  const chunk = new Uint16Array(framesPerChunk * sigShape[0] * sigShape[1]);
  const bytes = new Uint8Array(chunk.buffer);
  const synth = new SyntheticFrames(navShape, sigShape);
  const fd = openSync(partial, 'w');
  try {
    for (let f = 0; f < frames; f += framesPerChunk) {
      const n = Math.min(framesPerChunk, frames - f);
      synth.fill(chunk, f, n);
      const length = n * frameBytes;
      for (let at = 0; at < length; ) at += writeSync(fd, bytes, at, length - at);
      options.onProgress?.((f + n) * frameBytes, frames * frameBytes);
    }
    closeSync(fd);
    renameSync(partial, path);
  } catch (error) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
    if (existsSync(partial)) unlinkSync(partial);
    throw error;
  }
  return { path, request, generatedSeconds: (performance.now() - started) / 1000 };
}
