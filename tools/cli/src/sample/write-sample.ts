import { closeSync, openSync, writeSync } from 'node:fs';
import { extname } from 'node:path';
import { encodeNpy } from '@stemflow/engine';
import { allocArray, bytesPerElement, StemflowError, type DType } from '@stemflow/plugin-sdk';
import { diffractionModel } from './diffraction-model';
import { Random } from './random';

export interface SampleOptions {
  navShape: [number, number];
  sigShape: [number, number];
  dtype?: DType;
  seed?: number;
  onFrames?: (done: number, total: number) => void;
}

const CHUNK_BYTES = 8 * 2 ** 20;

/** Write a synthetic 4D-STEM data set as `.npy` (with header) or `.raw` (bare frames), frame by frame. */
export function writeSample(path: string, options: SampleOptions): { bytes: number; format: 'npy' | 'raw' } {
  const dtype = options.dtype ?? 'uint16';
  const [ny, nx] = options.navShape;
  const [h, w] = options.sigShape;
  const ext = extname(path).toLowerCase();
  if (ext !== '.npy' && ext !== '.raw') throw new StemflowError('PARAMS_INVALID', `sample path must end in .npy or .raw, got "${path}"`);
  const frameSize = h * w;
  const framesPerChunk = Math.max(1, Math.floor(CHUNK_BYTES / (frameSize * bytesPerElement(dtype))));
  const chunk = allocArray(dtype, framesPerChunk * frameSize);
  const chunkBytes = new Uint8Array(chunk.buffer);
  const mean = new Float32Array(frameSize);
  const model = diffractionModel(options.navShape, options.sigShape);
  const random = new Random(options.seed ?? 1);
  const max = dtype === 'uint8' ? 255 : dtype === 'int8' ? 127 : dtype === 'int16' ? 32767 : dtype === 'uint16' ? 65535 : Infinity;
  const total = ny * nx;
  const fd = openSync(path, 'w');
  let written = 0;
  try {
    if (ext === '.npy') {
      const header = encodeNpy({ data: allocArray(dtype, 0), shape: [ny, nx, h, w] });
      written += writeSync(fd, header);
    }
    let inChunk = 0;
    for (let f = 0; f < total; f++) {
      model.frameMean(Math.floor(f / nx), f % nx, mean);
      const base = inChunk * frameSize;
      for (let p = 0; p < frameSize; p++) chunk[base + p] = Math.min(max, random.poisson(mean[p]!));
      inChunk++;
      if (inChunk === framesPerChunk || f === total - 1) {
        written += writeSync(fd, chunkBytes, 0, inChunk * frameSize * chunk.BYTES_PER_ELEMENT);
        inChunk = 0;
        options.onFrames?.(f + 1, total);
      }
    }
  } finally {
    closeSync(fd);
  }
  return { bytes: written, format: ext === '.npy' ? 'npy' : 'raw' };
}
