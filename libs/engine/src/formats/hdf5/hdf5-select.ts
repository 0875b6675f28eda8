import { formatCount, product, StemflowError } from '@stemflow/plugin-sdk';
import type { H5Entry } from './h5-file';
import { isPixelType, type H5Type } from './hdf5-types';

/** Which convention a file follows; it decides axis order, dtype and where calibrations are. */
export type H5Kind = 'hspy' | 'velox' | 'emd' | 'arina' | 'generic';

/** The array a data set reads: one HDF5 dataset, or several concatenated along the frame axis (ARINA). */
export interface H5Choice {
  kind: H5Kind;
  /** Datasets in frame order, each with its frame count. */
  parts: { path: string; frames: number }[];
  /** Shape of the (first) dataset as stored. */
  shape: number[];
  elementType: H5Type;
  filters: { id: number; name: string }[];
  /** Detector rows × columns. */
  sigShape: number[];
  /** The stored navigation axes (C order), over all parts. */
  nativeNav: number[];
  /** Velox stores (rows, columns, frames). */
  framesLast: boolean;
}

type PixelEntry = H5Entry & { shape: number[] } & H5Type;

const KIND_PATTERNS: [H5Kind, RegExp, number][] = [
  ['hspy', /^\/Experiments\/[^/]+\/data$/, 2],
  ['velox', /^\/Data\/Image\/[^/]+\/Data$/, 3],
  ['arina', /^\/entry\/data\/data_\d+$/, 3],
];

function isPixelEntry(e: H5Entry): e is PixelEntry {
  return e.kind === 'dataset' && Array.isArray(e.shape) && e.shape.length >= 2 && !e.vlen && isPixelType(e) && e.shape.every((n) => n > 0);
}

function parentOf(path: string): string {
  return path.slice(0, path.lastIndexOf('/')) || '/';
}

/** Datasets inside a group tagged `emd_group_type` (EMD 0.5 from Prismatic, EMD 1.0 from py4DSTEM/emdfile). */
function isEmd(entry: PixelEntry, groups: Map<string, H5Entry>): boolean {
  return entry.shape.length >= 3 && (groups.get(parentOf(entry.path))?.attrs ?? []).includes('emd_group_type');
}

function kindOf(entry: PixelEntry, groups: Map<string, H5Entry>): H5Kind {
  for (const [kind, pattern, minRank] of KIND_PATTERNS) if (pattern.test(entry.path) && entry.shape.length >= minRank) return kind;
  return isEmd(entry, groups) ? 'emd' : 'generic';
}

function largestFirst(a: PixelEntry, b: PixelEntry): number {
  return product(b.shape) - product(a.shape) || (a.path < b.path ? -1 : 1);
}

function choiceOf(kind: H5Kind, entries: PixelEntry[]): H5Choice {
  const first = entries[0]!;
  const framesLast = kind === 'velox';
  const sigShape = framesLast ? first.shape.slice(0, 2) : first.shape.slice(-2);
  const navOf = (e: PixelEntry) => (framesLast ? e.shape.slice(2) : e.shape.slice(0, -2));
  const parts = entries.map((e) => ({ path: e.path, frames: product(navOf(e)) }));
  const nativeNav = entries.length > 1 ? [parts.reduce((n, p) => n + p.frames, 0)] : navOf(first);
  return {
    kind,
    parts,
    shape: first.shape,
    elementType: { type: first.type, size: first.size, signed: first.signed, littleEndian: first.littleEndian },
    filters: first.filters ?? [],
    sigShape,
    nativeNav,
    framesLast,
  };
}

/** ARINA master files split frames over `data_000001`, `data_000002`…: one stack if they agree. */
function arinaParts(all: PixelEntry[], path: string): PixelEntry[] {
  const parts = all.filter((e) => /^\/entry\/data\/data_\d+$/.test(e.path)).sort((a, b) => (a.path < b.path ? -1 : 1));
  const first = parts[0]!;
  const same = (e: PixelEntry) => e.shape.length === 3 && e.shape[1] === first.shape[1] && e.shape[2] === first.shape[2] && e.type === first.type && e.size === first.size;
  if (!parts.every(same)) {
    throw new StemflowError('SHAPE_MISMATCH', `${path}: the data files of this master file differ in frame shape or type; choose one with params.dataset (${parts.map((p) => p.path).join(', ')})`);
  }
  return parts;
}

function missingLinks(entries: H5Entry[], path: string, under: RegExp): void {
  const broken = entries.find((e) => e.kind === 'external' && under.test(e.path));
  if (broken) {
    const target = broken.target ? `${broken.target.filename}:${broken.target.obj_path}` : 'another file';
    throw new StemflowError('NOT_FOUND', `${path}: ${broken.path} links to ${target}, which cannot be opened; keep the data files beside the master file`);
  }
}

export function listPixelDatasets(entries: H5Entry[]): string[] {
  return entries.filter(isPixelEntry).map((e) => `${e.path} (${e.shape.join('×')})`);
}

/**
 * The dataset to read: the user's `dataset`, else the known place of the file's convention
 * (HyperSpy, Velox, EMD, ARINA), else the largest 3-D/4-D numeric dataset, else a 2-D image.
 */
export function chooseDataset(entries: H5Entry[], path: string, requested?: string): H5Choice {
  const groups = new Map(entries.filter((e) => e.kind === 'group').map((e) => [e.path, e]));
  const pixel = entries.filter(isPixelEntry);
  const candidates = () => {
    const list = listPixelDatasets(entries);
    return list.length > 0 ? `datasets with pixel data: ${list.slice(0, 20).join(', ')}${list.length > 20 ? ', …' : ''}` : 'the file has no numeric dataset of 2 or more axes';
  };
  if (requested !== undefined) {
    if (typeof requested !== 'string' || requested.length === 0) throw new StemflowError('PARAMS_INVALID', `params.dataset must be the path of a dataset in ${path}`);
    const wanted = requested.startsWith('/') ? requested : `/${requested}`;
    missingLinks(entries, path, new RegExp(`^${wanted.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
    const entry = entries.find((e) => e.path === wanted);
    if (!entry) throw new StemflowError('NOT_FOUND', `${path} has no dataset ${wanted}; ${candidates()}`);
    if (!isPixelEntry(entry)) throw new StemflowError('SHAPE_MISMATCH', `${path}: ${wanted} is not a numeric dataset with 2 or more axes; ${candidates()}`);
    return choiceOf(kindOf(entry, groups), [entry]);
  }
  missingLinks(entries, path, /^\/entry\/data\/data_\d+$/);
  for (const kind of ['hspy', 'velox', 'emd', 'arina'] as const) {
    const matches = pixel.filter((e) => kindOf(e, groups) === kind).sort(largestFirst);
    if (matches.length > 0) return choiceOf(kind, kind === 'arina' ? arinaParts(pixel, path) : [matches[0]!]);
  }
  const stacks = pixel.filter((e) => e.shape.length >= 3).sort(largestFirst);
  const images = pixel.filter((e) => e.shape.length === 2).sort(largestFirst);
  const best = stacks[0] ?? images[0];
  if (!best) {
    const error = entries.find((e) => e.kind === 'error');
    if (error) throw new StemflowError('FILE_CORRUPT', `${path}: cannot list the HDF5 file: ${error.error ?? 'unreadable object'}`);
    throw new StemflowError('SHAPE_MISMATCH', `${path}: ${candidates()}`);
  }
  return choiceOf('generic', [best]);
}

/** Frame bytes must fit the read buffer; catches absurd shapes from corrupt headers before any allocation. */
export function checkFrameSize(choice: H5Choice, path: string): void {
  const frameBytes = product(choice.sigShape) * choice.elementType.size;
  if (frameBytes > 1 << 30) {
    throw new StemflowError('SHAPE_MISMATCH', `${path}: frames of ${choice.sigShape.join('×')} (${formatCount(frameBytes)} bytes) are too large to read`);
  }
}
