import { closeSync, readSync } from 'node:fs';
import { StemflowError } from '@stemflow/plugin-sdk';
import type { DatasetDescriptor, OpenRequest } from './descriptor';
import { fileSize, openFile } from './file-io';
import type { FormatReader } from './format-reader';
import type { DataSet } from './framed-source';
import { mibReaders } from './mib';
import { bloReaders } from './blo';
import { dmReaders } from './dm';
import { serReaders } from './ser';
import { mrcReaders } from './mrc';
import { seqReaders } from './seq';
import { tvipsReaders } from './tvips';
import { empadReaders } from './empad';
import { hdf5Readers } from './hdf5';
import { k2isReaders } from './k2is';
import { frms6Readers } from './frms6';
import { csrReaders } from './csr';
import { npyReader } from './npy-reader';
import { rawReader } from './raw-reader';

/** Every reader, most specific first. Add a format here. */
export const FORMATS: readonly FormatReader[] = [
  ...mibReaders,
  ...bloReaders,
  ...dmReaders,
  ...serReaders,
  ...mrcReaders,
  ...seqReaders,
  ...tvipsReaders,
  ...empadReaders,
  ...hdf5Readers,
  ...k2isReaders,
  ...frms6Readers,
  ...csrReaders,
  npyReader,
  rawReader,
];

export function formatById(id: string): FormatReader {
  const format = FORMATS.find((f) => f.id === id || f.aliases?.includes(id));
  if (!format) throw new StemflowError('FORMAT_UNKNOWN', `unknown format "${id}"; known formats: ${FORMATS.map((f) => f.id).join(', ')}`);
  return format;
}

const HEAD_BYTES = 4096;

/** Find the format of a file from its name and first bytes (magic numbers beat extensions). */
export function detectFormat(path: string): FormatReader {
  const size = fileSize(path);
  if (size === 0) throw new StemflowError('FILE_CORRUPT', `${path} is empty (0 bytes)`);
  const fd = openFile(path);
  const head = new Uint8Array(Math.min(size, HEAD_BYTES));
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  let best: FormatReader | undefined;
  let bestScore = 0;
  for (const format of FORMATS) {
    const score = format.detect(path, head);
    if (score > bestScore) [best, bestScore] = [format, score];
  }
  if (!best) {
    throw new StemflowError('FORMAT_UNKNOWN', `cannot tell the format of ${path}; pass --format (one of ${FORMATS.map((f) => f.id).join(', ')}), e.g. --format raw --nav 64x64 --sig 256x256 --dtype uint16`);
  }
  return best;
}

/** Resolve a request (detecting what was not given) into a descriptor any worker can open. */
export function describeDataSet(request: OpenRequest): DatasetDescriptor {
  const format = request.format ? formatById(request.format) : detectFormat(request.path);
  return naming(request.path, () => format.describe(request));
}

/** Open a data set for reading frames (describing it first if needed). Close it when done. */
export function openDataSet(request: OpenRequest | DatasetDescriptor): DataSet {
  const descriptor = isDescriptor(request) ? request : describeDataSet(request);
  return naming(descriptor.path, () => formatById(descriptor.format).open(descriptor));
}

/** Every reader error names the file, so a user with many files knows which one is bad. */
function naming<T>(path: string, action: () => T): T {
  try {
    return action();
  } catch (error) {
    if (error instanceof StemflowError && !error.message.includes(path)) {
      throw new StemflowError(error.code, `${path}: ${error.message}`, { cause: error, ...(error.errors ? { errors: error.errors } : {}) });
    }
    throw error;
  }
}

function isDescriptor(value: OpenRequest | DatasetDescriptor): value is DatasetDescriptor {
  const d = value as DatasetDescriptor;
  return typeof d.format === 'string' && Array.isArray(d.navShape) && Array.isArray(d.sigShape) && typeof d.offset === 'number' && typeof d.byteOrder === 'string';
}
