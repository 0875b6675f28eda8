import { closeSync, readSync } from 'node:fs';
import { formatCount, product, StemflowError } from '@stemflow/plugin-sdk';
import type { DatasetDescriptor } from '../descriptor';
import { openFile } from '../file-io';
import { FramedSource } from '../framed-source';
import { FILE_HEADER, FRAME_HEADER, unfoldRows } from './frms6-layout';

/** Reader settings carried in `descriptor.params`. */
export interface Frms6Params {
  /** Data files in order, with their frame counts. */
  files: string[];
  counts: number[];
  /** The `_000.frms6` file of dark frames, if present. */
  darkFile?: string;
  darkFrames?: number;
  /** Stored (folded, binned) frame: rows × columns. */
  rawShape: [number, number];
  binning: number;
  /** Deliver float32 with the dark frame subtracted (LiberTEM's offset correction). */
  darkCorrection: boolean;
}

/**
 * The dark frame: the mean of the frames of `_000.frms6`, unfolded like the data (float32,
 * sig shape). Reads one frame at a time.
 */
export function frms6DarkFrame(params: Frms6Params): Float32Array {
  if (!params.darkFile || !params.darkFrames) throw new StemflowError('NOT_FOUND', `no dark frames: the _000.frms6 file is missing or empty`);
  const [height, width] = params.rawShape;
  const sigRows = 2 * height * params.binning;
  const size = sigRows * (width / 2);
  const frameBytes = height * width * 2;
  const sum = new Float64Array(size);
  const frame = new Float32Array(size);
  const raw = new Uint8Array(frameBytes);
  const fd = openFile(params.darkFile);
  try {
    for (let k = 0; k < params.darkFrames; k++) {
      const at = FILE_HEADER + k * (FRAME_HEADER + frameBytes) + FRAME_HEADER;
      if (readSync(fd, raw, 0, frameBytes, at) !== frameBytes) throw new StemflowError('FILE_CORRUPT', `${params.darkFile} ended at byte ${formatCount(at)} while reading dark frame ${k}`);
      unfoldRows(raw, height, width, params.binning, frame, 0, 0, sigRows);
      for (let i = 0; i < size; i++) sum[i]! += frame[i]!;
    }
  } finally {
    closeSync(fd);
  }
  return Float32Array.from(sum, (s) => s / params.darkFrames!);
}

/** FRMS6 frames: located like raw frames with 64-byte headers, decoded by unfolding (and dark subtraction). */
export class Frms6DataSet extends FramedSource {
  private dark?: Float32Array;

  constructor(descriptor: DatasetDescriptor) {
    const params = descriptor.params as unknown as Frms6Params;
    const [height, width] = params.rawShape;
    const frameBytes = height * width * 2;
    const firsts: number[] = [];
    params.counts.reduce((acc, n) => (firsts.push(acc), acc + n), 0);
    const self: { dark?: () => Float32Array } = {};
    super(descriptor, {
      files: params.files,
      imageCount: params.counts.reduce((a, b) => a + b, 0),
      encodedFrameBytes: frameBytes,
      locate(i) {
        let file = firsts.length - 1;
        while (file > 0 && firsts[file]! > i) file--;
        return { file, offset: FILE_HEADER + (i - firsts[file]!) * (FRAME_HEADER + frameBytes) + FRAME_HEADER };
      },
      decode: (encoded, dest, rowStart, rows) => unfoldRows(encoded, height, width, params.binning, dest, 0, rowStart, rows, params.darkCorrection ? self.dark!() : undefined),
    });
    self.dark = () => this.darkFrame();
    if (product(descriptor.sigShape) !== 2 * height * params.binning * (width / 2)) throw new StemflowError('SHAPE_MISMATCH', `${descriptor.path}: sig ${descriptor.sigShape.join('×')} does not match the stored frames`);
  }

  /** The dark frame for corrections (computed once per data set, on first use). */
  darkFrame(): Float32Array {
    this.dark ??= frms6DarkFrame(this.descriptor.params as unknown as Frms6Params);
    return this.dark;
  }
}
