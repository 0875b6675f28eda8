import { readFileSync } from 'node:fs';
import { dirname, extname, isAbsolute, join } from 'node:path';
import { isDType, product, StemflowError, type DType } from '@stemflow/plugin-sdk';
import type { DatasetDescriptor, OpenRequest } from '../descriptor';
import { fileSize } from '../file-io';
import type { FormatReader } from '../format-reader';
import { resolveNav } from '../nav';
import { CsrDataSet, type CsrParams } from './csr-dataset';
import { NumericFile, type NumpyType } from './numeric-file';
import { parseToml, TomlError, type TomlDocument, type TomlValue } from './toml';

const MAX_DESCRIPTOR_BYTES = 1 << 20;

function shapeOf(value: TomlValue | undefined, what: string, path: string): number[] {
  if (!Array.isArray(value) || value.length === 0 || value.some((n) => typeof n !== 'number' || !Number.isInteger(n) || n <= 0)) {
    throw new StemflowError('FILE_CORRUPT', `${path}: [params] ${what} must be a list of positive whole numbers, e.g. ${what} = [64, 64]`);
  }
  return value as number[];
}

function readDescriptor(path: string): TomlDocument {
  const size = fileSize(path);
  if (size === 0) throw new StemflowError('FILE_CORRUPT', `${path} is empty (0 bytes)`);
  if (size > MAX_DESCRIPTOR_BYTES) throw new StemflowError('FILE_CORRUPT', `${path} is too large for a raw CSR descriptor`);
  try {
    return parseToml(readFileSync(path, 'utf8'));
  } catch (error) {
    if (error instanceof TomlError) throw new StemflowError('FILE_CORRUPT', `${path} is not a valid TOML descriptor: ${error.message}`, { cause: error });
    throw error;
  }
}

function deliveredDType(t: NumpyType): DType {
  if (t.kind === 'f') return t.size === 4 ? 'float32' : 'float64';
  if (t.kind === 'b') return 'uint8';
  if (t.size === 8) return 'float64';
  return `${t.kind === 'i' ? 'int' : 'uint'}${t.size * 8}` as DType;
}

function describeCsr(request: OpenRequest): DatasetDescriptor {
  const path = request.path;
  const doc = readDescriptor(path);
  const params = doc.params;
  const filetype = params?.filetype;
  if (typeof filetype !== 'string' || filetype.toLowerCase() !== 'raw_csr') throw new StemflowError('FORMAT_UNKNOWN', `${path}: [params] filetype is ${JSON.stringify(filetype)}, expected "raw_csr"`);
  const section = doc[filetype] ?? doc.raw_csr;
  if (!section) throw new StemflowError('FILE_CORRUPT', `${path}: the [${filetype}] section naming the indptr, indices and data files is missing`);
  const fileOf = (key: string) => {
    const name = section[`${key}_file`];
    const dtype = section[`${key}_dtype`];
    if (typeof name !== 'string' || typeof dtype !== 'string') throw new StemflowError('FILE_CORRUPT', `${path}: [${filetype}] needs ${key}_file and ${key}_dtype`);
    return { file: isAbsolute(name) ? name : join(dirname(path), name), dtype };
  };
  const csr: CsrParams = { indptr: fileOf('indptr'), indices: fileOf('indices'), data: fileOf('data') };
  const navDeclared = shapeOf(params!.nav_shape, 'nav_shape', path);
  const sigDeclared = shapeOf(params!.sig_shape, 'sig_shape', path);
  const files = [new NumericFile(csr.indptr.file, csr.indptr.dtype, 'indptr'), new NumericFile(csr.indices.file, csr.indices.dtype, 'indices'), new NumericFile(csr.data.file, csr.data.dtype, 'data')] as const;
  const [indptr, indices, data] = files;
  try {
    if (indptr.type.kind === 'f' || indices.type.kind === 'f') throw new StemflowError('FILE_CORRUPT', `${path}: indptr and indices must be integers`);
    if (indptr.length < 1) throw new StemflowError('FILE_CORRUPT', `${indptr.path} holds no row pointers`);
    if (indices.length !== data.length) throw new StemflowError('FILE_CORRUPT', `${path}: ${indices.path} holds ${indices.length} values but ${data.path} holds ${data.length}; they must match`);
    const ends = [indptr.read(0, 1)[0]!, indptr.read(indptr.length - 1, 1)[0]!];
    if (ends[0] !== 0 || ends[1]! > indices.length || ends[1]! < 0) throw new StemflowError('FILE_CORRUPT', `${indptr.path}: row pointers run from ${ends[0]} to ${ends[1]}, expected 0 to at most ${indices.length}`);
    const sigShape = request.sigShape ?? sigDeclared;
    if (product(sigShape) !== product(sigDeclared) || sigShape.some((n) => !Number.isInteger(n) || n <= 0)) {
      throw new StemflowError('SHAPE_MISMATCH', `${path}: sig ${sigShape.join('×')} must hold the ${product(sigDeclared)} pixels of ${sigDeclared.join('×')}`);
    }
    if (request.dtype !== undefined && !isDType(request.dtype)) throw new StemflowError('SHAPE_MISMATCH', `unknown dtype "${String(request.dtype)}"`);
    const imageCount = indptr.length - 1;
    const nav = resolveNav(request, imageCount, navDeclared);
    return {
      path,
      format: 'raw_csr',
      sigShape,
      dtype: request.dtype ?? deliveredDType(data.type),
      byteOrder: 'little',
      offset: 0,
      ...nav,
      params: { ...csr },
      metadata: { extra: { nonZeros: indices.length } },
    };
  } finally {
    for (const f of files) f.close();
  }
}

/** LiberTEM raw CSR: a `.toml` naming indptr/indices/data arrays of a sparse (frames × pixels) matrix. */
export const csrReader: FormatReader = {
  id: 'raw_csr',
  title: 'Sparse CSR (LiberTEM raw_csr .toml)',
  aliases: ['csr'],
  detect(path, head) {
    if (extname(path).toLowerCase() !== '.toml') return 0;
    return /filetype\s*=\s*["']raw_csr["']/i.test(new TextDecoder('utf-8').decode(head)) ? 100 : 10;
  },
  describe: describeCsr,
  open: (descriptor) => new CsrDataSet(descriptor),
};
