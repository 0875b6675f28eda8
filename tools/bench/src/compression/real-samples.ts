import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describeDataSet, openDataSet } from '@stemflow/engine';
import { allocArray, bytesPerElement, product } from '@stemflow/plugin-sdk';
import type { CompressionSkip } from './report';
import { bytesOf, type Sample } from './sample';

/** A real file of the shared corpus (`../shared/data`, see its README) worth compressing. */
export interface RealFile {
  id: string;
  /** Relative to the data folder. */
  path: string;
  description: string;
}

/** Counting detectors (sparse small integers), integrating detectors, and real floats. */
export const REAL_FILES: readonly RealFile[] = [
  { id: 'mib-12bit', path: 'mib/single_quad/Quad_9_Frame_CounterDepth_12_Rows_256.mib', description: 'Merlin quad, 12-bit counting, uint16 (96 % zeros)' },
  { id: 'mib-6bit', path: 'mib/single_quad/Quad_9_Frame_CounterDepth_6_Rows_256.mib', description: 'Merlin quad, 6-bit counting, uint8' },
  { id: 'mib-1bit-raw', path: 'mib/single_quad/Quad_9_Frame_CounterDepth_1_Rows_256RAW.mib', description: 'Merlin quad, 1-bit RAW decoded to uint8 0/1' },
  { id: 'ser-int32', path: 'ser/FEI_new/16x16-diffraction_imagel_5x5x256x256_EDS_2.ser', description: 'FEI TIA CCD diffraction, int32 (dark-subtracted, negatives)' },
  { id: 'npy-streak-u32', path: 'npy/delmic/sparc-streak-camera-data.npy', description: 'Delmic SPARC streak camera, uint32 (integrating)' },
  { id: 'ser-f32', path: 'ser/FEI_old/64x64x5_TEM_preview_1.ser', description: 'FEI TIA TEM images, float32 (small file)' },
];

/** Largest block read from one file: ~1–8 MiB blocks, like a partition's tile stack. */
export const MAX_BLOCK_BYTES = 8 << 20;

/**
 * Read a run of frames (from the first, up to `maxBytes`) of each file with the engine's
 * readers, decoded to the data set's dtype as kernels see them. Missing or unreadable files
 * are reported as skipped rather than failing the survey.
 */
export function readRealSamples(dataDir: string, files: readonly RealFile[] = REAL_FILES, maxBytes = MAX_BLOCK_BYTES): { samples: Sample[]; skipped: CompressionSkip[] } {
  const samples: Sample[] = [];
  const skipped: CompressionSkip[] = [];
  for (const file of files) {
    const path = join(dataDir, file.path);
    if (!existsSync(path)) {
      skipped.push({ what: file.id, reason: `${path} not found` });
      continue;
    }
    try {
      samples.push(readFrames(path, file, maxBytes));
    } catch (error) {
      skipped.push({ what: file.id, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return { samples, skipped };
}

function readFrames(path: string, file: RealFile, maxBytes: number): Sample {
  const dataSet = openDataSet(describeDataSet({ path }));
  try {
    const { dtype, sigShape } = dataSet;
    const frameElements = product(sigShape);
    const itemSize = bytesPerElement(dtype);
    const frames = Math.max(1, Math.min(dataSet.frames, Math.floor(maxBytes / (frameElements * itemSize))));
    const block = allocArray(dtype, frames * frameElements);
    const width = sigShape[sigShape.length - 1] ?? 1;
    dataSet.readFrames(0, frames, 0, frameElements / width, block);
    return {
      id: file.id,
      origin: 'real',
      description: file.description,
      dtype,
      shape: [frames, ...sigShape],
      bytes: block.byteLength,
      path: file.path,
      data: bytesOf(block),
      itemSize,
    };
  } finally {
    dataSet.close();
  }
}
