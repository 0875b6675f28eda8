import { closeSync, readSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { isDType, product, StemflowError, type DType } from '@stemflow/plugin-sdk';
import { BinaryFrames, openFile } from './binary-frames';
import type { DatasetDescriptor, OpenRequest } from './descriptor';
import { hasNpyMagic, readNpyHeader } from './npy';

/** A file format: recognise it and turn a user's request into a full descriptor. */
export interface FormatReader {
  id: string;
  title: string;
  /** Whether the file looks like this format (extension and first bytes). */
  detect(path: string, head: Uint8Array): boolean;
  describe(request: OpenRequest): DatasetDescriptor;
}

const npy: FormatReader = {
  id: 'npy',
  title: 'NumPy .npy',
  detect: (path, head) => hasNpyMagic(head) || extname(path).toLowerCase() === '.npy',
  describe(request) {
    const header = readNpyHeader(request.path);
    const { navShape, sigShape } = splitShape(request, header.shape);
    return { path: request.path, format: 'npy', navShape, sigShape, dtype: header.dtype, byteOrder: header.byteOrder, offset: header.offset };
  },
};

const raw: FormatReader = {
  id: 'raw',
  title: 'Raw binary (shape and dtype given by the user)',
  detect: (path) => ['.raw', '.bin', '.dat'].includes(extname(path).toLowerCase()),
  describe(request) {
    const missing = (['navShape', 'sigShape', 'dtype'] as const).filter((k) => request[k] === undefined);
    if (missing.length > 0) {
      throw new StemflowError('SHAPE_MISMATCH', `a raw file has no header: give ${missing.join(', ')} (on the command line --nav AxB --sig CxD --dtype uint16)`);
    }
    checkShape('nav', request.navShape!);
    checkShape('sig', request.sigShape!);
    if (!isDType(request.dtype)) throw new StemflowError('SHAPE_MISMATCH', `unknown dtype "${String(request.dtype)}"`);
    const offset = request.offset ?? 0;
    if (!Number.isInteger(offset) || offset < 0) throw new StemflowError('SHAPE_MISMATCH', `offset must be a whole number of bytes ≥ 0, got ${offset}`);
    return {
      path: request.path,
      format: 'raw',
      navShape: request.navShape!,
      sigShape: request.sigShape!,
      dtype: request.dtype as DType,
      byteOrder: request.byteOrder ?? 'little',
      offset,
    };
  },
};

export const FORMATS: readonly FormatReader[] = [npy, raw];

function checkShape(what: string, shape: number[]): void {
  if (!Array.isArray(shape) || shape.length === 0 || shape.some((n) => !Number.isInteger(n) || n <= 0)) {
    throw new StemflowError('SHAPE_MISMATCH', `${what} shape must be positive whole numbers, got [${String(shape)}]`);
  }
}

/** Nav/sig from a file's full shape (last two axes are sig), or the user's override if it fits. */
function splitShape(request: OpenRequest, shape: number[]): { navShape: number[]; sigShape: number[] } {
  if (shape.length < 3) {
    throw new StemflowError('SHAPE_MISMATCH', `${request.path} holds an array of shape (${shape.join(', ')}); a 4D-STEM data set needs at least 3 axes (frames, sy, sx)`);
  }
  const sigShape = request.sigShape ?? shape.slice(-2);
  const navShape = request.navShape ?? shape.slice(0, -2);
  if (request.sigShape) checkShape('sig', sigShape);
  if (request.navShape) checkShape('nav', navShape);
  if (product(navShape) * product(sigShape) !== product(shape)) {
    throw new StemflowError('SHAPE_MISMATCH', `nav ${navShape.join('×')} × sig ${sigShape.join('×')} does not fit the array of shape (${shape.join(', ')}) in ${request.path}: the products must match`);
  }
  return { navShape, sigShape };
}

export function formatById(id: string): FormatReader {
  const format = FORMATS.find((f) => f.id === id);
  if (!format) throw new StemflowError('FORMAT_UNKNOWN', `unknown format "${id}"; known formats: ${FORMATS.map((f) => f.id).join(', ')}`);
  return format;
}

/** Find the format of a file from its name and first bytes. */
export function detectFormat(path: string): FormatReader {
  let stat;
  try {
    stat = statSync(path);
  } catch (error) {
    throw new StemflowError('NOT_FOUND', `no such file: ${path}`, { cause: error });
  }
  if (stat.isDirectory()) throw new StemflowError('FORMAT_UNKNOWN', `${path} is a directory: give the path of a data file`);
  if (stat.size === 0) throw new StemflowError('FILE_CORRUPT', `${path} is empty (0 bytes)`);
  const fd = openFile(path);
  const head = new Uint8Array(Math.min(stat.size, 512));
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  const format = FORMATS.find((f) => f.detect(path, head));
  if (!format) {
    throw new StemflowError('FORMAT_UNKNOWN', `cannot tell the format of ${path}; pass --format (one of ${FORMATS.map((f) => f.id).join(', ')}), e.g. --format raw --nav 64x64 --sig 256x256 --dtype uint16`);
  }
  return format;
}

/** Resolve a request (detecting what was not given) into a descriptor any worker can open. */
export function describeDataSet(request: OpenRequest): DatasetDescriptor {
  const format = request.format ? formatById(request.format) : detectFormat(request.path);
  return format.describe(request);
}

/** Open a data set for reading frames. Close it when done. */
export function openDataSet(request: OpenRequest | DatasetDescriptor): BinaryFrames {
  const descriptor = isDescriptor(request) ? request : describeDataSet(request);
  return new BinaryFrames(descriptor);
}

function isDescriptor(value: OpenRequest | DatasetDescriptor): value is DatasetDescriptor {
  const d = value as DatasetDescriptor;
  return typeof d.format === 'string' && Array.isArray(d.navShape) && Array.isArray(d.sigShape) && typeof d.offset === 'number' && typeof d.byteOrder === 'string';
}

export type DataSet = BinaryFrames;
