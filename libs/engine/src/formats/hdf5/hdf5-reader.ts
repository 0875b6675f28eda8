import { closeSync, fstatSync, readSync } from 'node:fs';
import { extname } from 'node:path';
import { isDType, product, StemflowError, type DType } from '@stemflow/plugin-sdk';
import type { DatasetDescriptor, OpenRequest } from '../descriptor';
import { fileSize, openFile } from '../file-io';
import type { FormatReader } from '../format-reader';
import { resolveNav } from '../nav';
import { H5File } from './h5-file';
import { Hdf5DataSet, type Hdf5Params } from './hdf5-dataset';
import { readMetadata } from './hdf5-metadata';
import { checkFrameSize, chooseDataset, type H5Choice } from './hdf5-select';
import { deliveredDType } from './hdf5-types';

const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]; // \x89HDF\r\n\x1a\n
const EXTENSIONS = ['.h5', '.hdf5', '.hdf', '.he5', '.nxs', '.emd', '.hspy'];
/** Objects listed at most, and group depth: bounds the walk of huge or cyclic (hard-linked) trees. */
const WALK_LIMIT = 20_000;
const WALK_DEPTH = 32;

function signatureAt(bytes: Uint8Array, offset: number): boolean {
  return SIGNATURE.every((b, i) => bytes[offset + i] === b);
}

/** The superblock sits at 0 or after a user block of 512, 1024, 2048… bytes. */
function hasHdf5Signature(path: string): boolean {
  const fd = openFile(path);
  try {
    const size = fstatSync(fd).size;
    const probe = new Uint8Array(8);
    for (let offset = 0; offset + 8 <= size && offset <= 1 << 30; offset = offset === 0 ? 512 : offset * 2) {
      if (readSync(fd, probe, 0, 8, offset) === 8 && signatureAt(probe, 0)) return true;
    }
    return false;
  } finally {
    closeSync(fd);
  }
}

function navFor(request: OpenRequest, choice: H5Choice, imageCount: number, scan: number[] | undefined, path: string) {
  if (choice.nativeNav.length === 0 && request.navShape === undefined && !request.syncOffset) return { navShape: [], syncOffset: 0, imageCount: 1 };
  const proposed = scan && product(scan) <= imageCount ? scan : choice.nativeNav.length > 0 ? choice.nativeNav : [1];
  try {
    return resolveNav(request, imageCount, proposed);
  } catch (error) {
    if (error instanceof StemflowError) throw new StemflowError(error.code, `${path}: ${error.message}`, { cause: error });
    throw error;
  }
}

function dtypeFor(request: OpenRequest, choice: H5Choice, path: string): DType {
  if (request.dtype !== undefined) {
    if (!isDType(request.dtype)) throw new StemflowError('SHAPE_MISMATCH', `unknown dtype "${String(request.dtype)}"`);
    return request.dtype;
  }
  // Velox: HyperSpy, the reference reader, delivers every Velox image as float64.
  return choice.kind === 'velox' ? 'float64' : deliveredDType(choice.elementType, path);
}

/** Read one row of the first frame, so that a filter this build lacks or a broken chunk is reported now. */
function probe(file: H5File, choice: H5Choice): void {
  const part = choice.parts[0]!;
  const width = choice.sigShape[1]!;
  const start = choice.shape.map(() => 0);
  const count = choice.framesLast ? [1, width, 1] : [...choice.shape.slice(0, -1).map(() => 1), width];
  file.read(part.path, start, count, width * choice.elementType.size);
}

function describeHdf5(request: OpenRequest): DatasetDescriptor {
  const path = request.path;
  if (fileSize(path) === 0) throw new StemflowError('FILE_CORRUPT', `${path} is empty (0 bytes)`);
  if (!hasHdf5Signature(path)) throw new StemflowError('FILE_CORRUPT', `${path} is not an HDF5 file (no HDF5 signature found)`);
  const file = new H5File(path).open();
  try {
    const { entries } = file.walk(WALK_LIMIT, WALK_DEPTH);
    const choice = chooseDataset(entries, path, request.params?.dataset as string | undefined);
    checkFrameSize(choice, path);
    if (request.sigShape && (request.sigShape.length !== 2 || request.sigShape.some((n, i) => n !== choice.sigShape[i]))) {
      throw new StemflowError('SHAPE_MISMATCH', `${path}: the frames of ${choice.parts[0]!.path} are ${choice.sigShape.join('×')}; the sig shape of an HDF5 dataset cannot be changed (choose another dataset with params.dataset)`);
    }
    const dtype = dtypeFor(request, choice, path);
    probe(file, choice);
    const { metadata, scan } = readMetadata(file, choice, entries);
    const imageCount = choice.parts.reduce((n, p) => n + p.frames, 0);
    const nav = navFor(request, choice, imageCount, scan, path);
    const params: Hdf5Params = {
      dataset: choice.parts.length === 1 ? choice.parts[0]!.path : '/entry/data',
      parts: choice.parts,
      nativeNav: choice.nativeNav,
      framesLast: choice.framesLast,
      elementType: choice.elementType,
    };
    return {
      path,
      format: 'hdf5',
      sigShape: choice.sigShape,
      dtype,
      byteOrder: 'little',
      offset: 0,
      ...nav,
      params: { ...params },
      metadata: { ...metadata, extra: { ...(metadata.extra ?? {}), hdf5Kind: choice.kind, filters: choice.filters.map((f) => f.name || String(f.id)) } },
    };
  } finally {
    file.close();
  }
}

/** HDF5 files (EMD, Velox EMD, HyperSpy, py4DSTEM, DECTRIS ARINA…), read through h5wasm by hyperslabs. */
export const hdf5Reader: FormatReader = {
  id: 'hdf5',
  title: 'HDF5 (EMD, Velox, HyperSpy, py4DSTEM, DECTRIS ARINA)',
  aliases: ['h5', 'emd', 'emd-velox', 'hspy', 'py4dstem', 'arina'],
  detect(path, head) {
    if ([0, 512, 1024, 2048].some((o) => signatureAt(head, o))) return 100;
    return EXTENSIONS.includes(extname(path).toLowerCase()) ? 10 : 0;
  },
  describe: describeHdf5,
  open: (descriptor) => new Hdf5DataSet(descriptor),
};
