import { formatCount, StemflowError, type DType } from '@stemflow/plugin-sdk';
import type { ByteOrder } from '../descriptor';
import { MRC_HEADER_BYTES, mrcMode, parseMrcHeader } from '../mrc/mrc-header';
import { readHead } from '../mrc/read-head';
import { existingFile, readDeConfig, type DeConfig, type Defect } from './de-config';

/** A reference image (dark or gain) the engine can read later: one frame of sig shape. */
export interface ReferenceImage {
  path: string;
  offset: number;
  dtype: DType;
  byteOrder: ByteOrder;
  shape: [number, number];
}

/** A defect in frame coordinates; `patternPhase` says how far into its pattern the clipped range starts. */
export interface FrameDefect extends Defect {
  patternPhase?: number;
}

/** Dark, gain and bad pixels found beside a SEQ file; the engine applies them, the reader only finds them. */
export interface SeqCorrections {
  dark?: ReferenceImage;
  gain?: ReferenceImage;
  excludedPixels?: {
    source: string;
    /** Where frame pixel (0, 0) lies in the map [row, column]. */
    origin: [number, number];
    mapShape: [number, number];
    /** Defects inside the frame, inclusive ranges, clipped to it. */
    defects: FrameDefect[];
    /** Defects of the map as written (map coordinates). */
    sensorDefects: Defect[];
  };
  /** Side files that exist but could not be used, and why. */
  warnings: string[];
}

/**
 * A DE reference `.mrc` (float32 frames of sig shape). DE writes a bogus section count
 * (32766) into these headers, so only the first frame is required to be present.
 */
function readReference(path: string, sig: [number, number]): ReferenceImage {
  const { bytes, size } = readHead(path, MRC_HEADER_BYTES, 'MRC header');
  const h = parseMrcHeader(bytes, path);
  const mode = mrcMode(h.mode, h.unsignedBytes, path);
  if (mode.packed) throw new StemflowError('FORMAT_UNKNOWN', `${path} is MRC mode ${h.mode}; a reference image must be stored unpacked`);
  if (h.ny !== sig[0] || h.nx !== sig[1]) throw new StemflowError('SHAPE_MISMATCH', `${path} is ${h.ny}×${h.nx}, the frames are ${sig[0]}×${sig[1]}`);
  const needed = h.dataOffset + mode.rowBytes(h.nx) * h.ny;
  if (size < needed) throw new StemflowError('FILE_CORRUPT', `${path} has ${formatCount(size)} bytes, less than one ${h.ny}×${h.nx} ${mode.dtype} image needs (${formatCount(needed)})`);
  return { path, offset: h.dataOffset, dtype: mode.dtype, byteOrder: h.byteOrder, shape: [h.ny, h.nx] };
}

function clipDefect(d: Defect, origin: [number, number], sig: [number, number]): FrameDefect | undefined {
  const r0 = Math.max(d.rows[0] - origin[0], 0);
  const r1 = Math.min(d.rows[1] - origin[0], sig[0] - 1);
  const c0 = Math.max(d.cols[0] - origin[1], 0);
  const c1 = Math.min(d.cols[1] - origin[1], sig[1] - 1);
  if (r0 > r1 || c0 > c1) return undefined;
  const clipped: FrameDefect = { rows: [r0, r1], cols: [c0, c1] };
  if (d.pattern) {
    clipped.pattern = d.pattern;
    // A pattern runs along the longer side of its range.
    const alongRows = d.rows[1] - d.rows[0] > d.cols[1] - d.cols[0];
    clipped.patternPhase = alongRows ? r0 + origin[0] - d.rows[0] : c0 + origin[1] - d.cols[0];
  }
  return clipped;
}

/**
 * The bad pixels of the frame: a map of exactly the frame's size, or a sensor map into which
 * the frame is cropped at FileInfo's ImageOffsetX/Y (unbinned). The XML's Flip setting is not
 * applied: no source says whether the map is before or after the flip.
 */
function excludedPixels(config: DeConfig, sig: [number, number], warnings: string[]): SeqCorrections['excludedPixels'] {
  if (config.badPixelMaps.length === 0) return undefined;
  let map = config.badPixelMaps.find((m) => m.shape[0] === sig[0] && m.shape[1] === sig[1]);
  let origin: [number, number] = [0, 0];
  if (!map) {
    const info = config.fileInfo;
    const num = (key: string, fallback?: number) => (info[key] === undefined ? fallback : Number(info[key]));
    const ox = num('ImageOffsetX');
    const oy = num('ImageOffsetY');
    const unbinned = num('ImageBinning', 1) === 1 && num('SWBinning', 1) === 1;
    const cropMatches = num('ImageSizeX') === sig[1] && num('ImageSizeY') === sig[0];
    if (ox !== undefined && oy !== undefined && Number.isInteger(ox) && Number.isInteger(oy) && ox >= 0 && oy >= 0 && unbinned && cropMatches) {
      map = config.badPixelMaps.find((m) => m.shape[0] >= oy + sig[0] && m.shape[1] >= ox + sig[1]);
      origin = [oy, ox];
    }
  }
  if (!map) {
    warnings.push(`${config.path}: no bad-pixel map fits the ${sig[0]}×${sig[1]} frames (maps: ${config.badPixelMaps.map((m) => m.shape.join('×')).join(', ')}); bad pixels are not reported`);
    return undefined;
  }
  const defects = map.defects.map((d) => clipDefect(d, origin, sig)).filter((d): d is FrameDefect => d !== undefined);
  return { source: config.path, origin, mapShape: map.shape, defects, sensorDefects: map.defects };
}

/** The DE configuration XML, or a warning when it exists but cannot be read. */
export function tryReadDeConfig(path: string, warnings: string[]): DeConfig | undefined {
  if (!existingFile(path)) return undefined;
  try {
    return readDeConfig(path);
  } catch (error) {
    if (!(error instanceof StemflowError)) throw error;
    warnings.push(error.message);
    return undefined;
  }
}

/**
 * Dark `<root>.dark.mrc`, gain `<root>.gain.mrc` and bad pixels from `<root>.Config.Metadata.xml`
 * (LiberTEM's names), where root is the `.seq` path. Unusable side files become warnings:
 * the frames can be read without them.
 */
export function findCorrections(root: string, sig: [number, number], config: DeConfig | undefined, warnings: string[]): SeqCorrections {
  const corrections: SeqCorrections = { warnings };
  for (const kind of ['dark', 'gain'] as const) {
    const path = `${root}.${kind}.mrc`;
    if (!existingFile(path)) continue;
    try {
      corrections[kind] = readReference(path, sig);
    } catch (error) {
      if (!(error instanceof StemflowError)) throw error;
      warnings.push(`${kind} reference not used: ${error.message}`);
    }
  }
  if (config) {
    const excluded = excludedPixels(config, sig, warnings);
    if (excluded) corrections.excludedPixels = excluded;
  }
  return corrections;
}
