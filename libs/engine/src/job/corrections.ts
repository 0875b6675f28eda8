import {
  allocArray,
  bytesPerElement,
  excludedFromCoords,
  excludedFromMask,
  formatCount,
  prepareCorrections,
  product,
  StemflowError,
  type Corrections,
  type NDArray,
} from '@stemflow/plugin-sdk';
import type { DatasetDescriptor } from '../formats/descriptor';
import { hostByteOrder, readBytes, swapBytes } from '../formats/file-io';
import { frms6DarkFrame, type Frms6Params } from '../formats/frms6';
import { readNpyArray } from '../formats/npy';
import type { ReferenceImage, SeqCorrections } from '../formats/seq/seq-corrections';

/** Corrections given as `.npy` files: dark and gain of the detector's shape; excluded pixels as a map or (y, x) rows. */
export interface CorrectionFiles {
  dark?: string;
  gain?: string;
  excluded?: string;
}

/** Corrections ready for a job, and where they came from (for provenance). */
export interface ResolvedCorrections {
  corrections?: Corrections;
  /** `files`: given by the user; `dataset`: found beside the data by its reader; `none`. */
  source: 'files' | 'dataset' | 'none';
  /** What was applied, as plain JSON: paths and counts. */
  summary: Record<string, unknown>;
}

/** Drop leading 1-axes: a (1, 256, 256) dark frame fits a 256×256 detector. */
function squeezed(shape: number[]): number[] {
  let i = 0;
  while (i < shape.length - 1 && shape[i] === 1) i++;
  return shape.slice(i);
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((n, i) => n === b[i]);
}

function floatMap(array: NDArray, sigShape: readonly number[], name: 'dark' | 'gain', path: string): Float32Array | Float64Array {
  if (!sameShape(squeezed(array.shape), sigShape)) {
    throw new StemflowError('SHAPE_MISMATCH', `the ${name} ${path} has shape ${array.shape.join('×')}; it must have the detector's shape ${sigShape.join('×')}`, {
      errors: [{ path: `/corrections/${name}`, message: `must have the detector's shape ${sigShape.join('×')}` }],
    });
  }
  return array.data instanceof Float64Array ? array.data : Float32Array.from(array.data);
}

/** A sig-shaped bool / 0-1 map, or an N×2 array of (y, x) rows. */
function excludedList(array: NDArray, sigShape: readonly number[], path: string): Uint32Array {
  if (sameShape(squeezed(array.shape), sigShape)) {
    for (let i = 0; i < array.data.length; i++) {
      const v = array.data[i]!;
      if (v !== 0 && v !== 1) {
        throw new StemflowError('PARAMS_INVALID', `the excluded-pixel map ${path} holds ${v} at pixel ${i}; it must be a bool or 0/1 map (1 = replace this pixel)`, {
          errors: [{ path: '/corrections/excluded', message: 'must be a bool or 0/1 map' }],
        });
      }
    }
    return excludedFromMask(array.data);
  }
  if (array.shape.length === 2 && array.shape[1] === 2) return excludedFromCoords(array.data, sigShape);
  throw new StemflowError('SHAPE_MISMATCH', `the excluded pixels ${path} have shape ${array.shape.join('×')}; give a ${sigShape.join('×')} bool map or an N×2 array of (y, x) rows`, {
    errors: [{ path: '/corrections/excluded', message: `must be a ${sigShape.join('×')} map or N×2 (y, x) rows` }],
  });
}

/** Read user-given correction files (`.npy`) for a detector of `sigShape`, and check them. */
export function loadCorrectionFiles(files: CorrectionFiles, dataset: Pick<DatasetDescriptor, 'sigShape' | 'dtype'>): ResolvedCorrections {
  const corrections: Corrections = {};
  const summary: Record<string, unknown> = {};
  if (files.dark) {
    corrections.dark = floatMap(readNpyArray(files.dark), dataset.sigShape, 'dark', files.dark);
    summary.dark = files.dark;
  }
  if (files.gain) {
    corrections.gain = floatMap(readNpyArray(files.gain), dataset.sigShape, 'gain', files.gain);
    summary.gain = files.gain;
  }
  if (files.excluded) {
    corrections.excluded = excludedList(readNpyArray(files.excluded), dataset.sigShape, files.excluded);
    summary.excluded = { path: files.excluded, pixels: corrections.excluded.length };
  }
  if (Object.keys(corrections).length === 0) return { source: 'none', summary: {} };
  prepareCorrections(corrections, dataset);
  return { corrections, source: 'files', summary };
}

/** One reference frame of a SEQ side file (dark or gain), as float32. */
function readReference(ref: ReferenceImage, frameSize: number): Float32Array {
  const count = ref.shape[0] * ref.shape[1];
  if (count !== frameSize) throw new StemflowError('SHAPE_MISMATCH', `${ref.path} is ${ref.shape.join('×')}, not the ${formatCount(frameSize)} pixels of a frame`);
  const size = bytesPerElement(ref.dtype);
  const bytes = readBytes(ref.path, ref.offset, count * size);
  if (bytes.length < count * size) throw new StemflowError('FILE_CORRUPT', `${ref.path} ends before its ${ref.shape.join('×')} reference image`);
  const copy = new Uint8Array(bytes);
  if (ref.byteOrder !== hostByteOrder()) swapBytes(copy, size);
  const values = allocArray(ref.dtype, count);
  new Uint8Array(values.buffer).set(copy);
  return values instanceof Float32Array ? values : Float32Array.from(values);
}

/**
 * The bad pixels of a DE bad-pixel map inside the frame: every pixel of each defect's inclusive
 * row × column ranges, cropped at `origin`; a `pattern` ('1' = bad) repeats along the longer side
 * of the defect's range as written in the map (the reader's `patternPhase` convention).
 */
function seqExcluded(excluded: NonNullable<SeqCorrections['excludedPixels']>, sigShape: readonly number[]): Uint32Array {
  const [height, width] = [sigShape[sigShape.length - 2] ?? 1, sigShape[sigShape.length - 1] ?? 1];
  const mask = new Uint8Array(height * width);
  const [oy, ox] = excluded.origin;
  for (const d of excluded.sensorDefects) {
    const alongRows = d.rows[1] - d.rows[0] > d.cols[1] - d.cols[0];
    for (let r = Math.max(d.rows[0], oy); r <= Math.min(d.rows[1], oy + height - 1); r++) {
      for (let c = Math.max(d.cols[0], ox); c <= Math.min(d.cols[1], ox + width - 1); c++) {
        if (d.pattern) {
          const k = alongRows ? r - d.rows[0] : c - d.cols[0];
          if (d.pattern[k % d.pattern.length] !== '1') continue;
        }
        mask[(r - oy) * width + (c - ox)] = 1;
      }
    }
  }
  return excludedFromMask(mask);
}

/**
 * Corrections a reader found with the data (LiberTEM's `get_correction_data`): SEQ's dark and
 * gain references and bad-pixel map, FRMS6's dark frame (unless the reader already subtracted it,
 * `darkCorrection: true`). Other formats have none.
 */
export function datasetCorrections(descriptor: DatasetDescriptor): ResolvedCorrections {
  const frameSize = product(descriptor.sigShape);
  const corrections: Corrections = {};
  const summary: Record<string, unknown> = {};
  if (descriptor.format === 'seq') {
    const found = descriptor.params?.corrections as SeqCorrections | undefined;
    if (found?.dark) {
      corrections.dark = readReference(found.dark, frameSize);
      summary.dark = found.dark.path;
    }
    if (found?.gain) {
      corrections.gain = readReference(found.gain, frameSize);
      summary.gain = found.gain.path;
    }
    if (found?.excludedPixels && descriptor.sigShape.length === 2) {
      const excluded = seqExcluded(found.excludedPixels, descriptor.sigShape);
      if (excluded.length > 0) {
        corrections.excluded = excluded;
        summary.excluded = { path: found.excludedPixels.source, pixels: excluded.length };
      }
    }
  } else if (descriptor.format === 'frms6') {
    const params = descriptor.params as unknown as Frms6Params | undefined;
    if (params && !params.darkCorrection && params.darkFile && params.darkFrames) {
      corrections.dark = frms6DarkFrame(params);
      summary.dark = `${params.darkFile} (mean of ${params.darkFrames} frames)`;
    }
  }
  if (Object.keys(corrections).length === 0) return { source: 'none', summary: {} };
  prepareCorrections(corrections, descriptor);
  return { corrections, source: 'dataset', summary };
}

/**
 * The corrections of a job: the user's files when given (they replace the data set's, as
 * LiberTEM's `run_udf(corrections=…)`), else the data set's own unless `useDataset` is false.
 */
export function resolveCorrections(descriptor: DatasetDescriptor, options: { files?: CorrectionFiles; useDataset?: boolean } = {}): ResolvedCorrections {
  const files = options.files ?? {};
  if (files.dark || files.gain || files.excluded) return loadCorrectionFiles(files, descriptor);
  if (options.useDataset === false) return { source: 'none', summary: {} };
  return datasetCorrections(descriptor);
}
