import { crc32 } from 'node:zlib';
import { allocArray, dtypeOf, StemflowError, type DType, type PartitionResult, type TypedArray } from '@stemflow/plugin-sdk';
import { compressSync, uncompressSync } from 'lz4-napi';
import { shuffleBytes, unshuffleBytes } from './byte-shuffle';

/**
 * Binary wire format of one partition result (never JSON numbers):
 *   header (20 bytes, little-endian): magic "SFR2", flags u32 (1 = lz4 block), raw length u32,
 *   stored length u32, crc32 of the raw bytes u32
 *   body: the raw bytes, lz4-compressed when that makes them smaller.
 * Raw bytes: u32 meta length, meta JSON (names, dtypes, lengths), then each array 8-byte aligned,
 * its bytes shuffled into planes (byte-shuffle.ts: half the size of plain lz4 on float sums, and faster).
 */
const MAGIC = 0x32524653; // "SFR2" read as little-endian u32
const MAGIC_V1 = 0x31524653; // "SFR1": session-3 workers, no shuffle
const HEADER_BYTES = 20;
const FLAG_LZ4 = 1;

/** Where results are assembled before lz4 (one per process, reused: encoding is synchronous). */
let scratch = Buffer.alloc(0);

interface Meta {
  partition: PartitionResult['partition'];
  navIndices: number;
  buffers: { name: string; dtype: DType; length: number }[];
}

const align8 = (n: number): number => (n + 7) & ~7;

/** Encode a partition result for Redis: binary, lz4-compressed if it helps, checksummed. */
export function encodeResult(result: PartitionResult): Buffer {
  const names = Object.keys(result.buffers);
  const meta: Meta = {
    partition: result.partition,
    navIndices: result.navIndices.length,
    buffers: names.map((name) => ({ name, dtype: dtypeOf(result.buffers[name]!), length: result.buffers[name]!.length })),
  };
  const metaBytes = Buffer.from(JSON.stringify(meta), 'utf8');
  const arrays: TypedArray[] = [result.navIndices, ...names.map((n) => result.buffers[n]!)];
  let size = align8(4 + metaBytes.length);
  for (const a of arrays) size += align8(a.byteLength);
  if (scratch.length < size) scratch = Buffer.alloc(Math.max(size, 2 * scratch.length));
  const raw = scratch.subarray(0, size).fill(0, 0, align8(4 + metaBytes.length)); // padding is zeros, not old bytes
  raw.writeUInt32LE(metaBytes.length, 0);
  metaBytes.copy(raw, 4);
  let at = align8(4 + metaBytes.length);
  for (const a of arrays) {
    shuffleBytes(a, raw, at);
    raw.fill(0, at + a.byteLength, at + align8(a.byteLength));
    at += align8(a.byteLength);
  }
  const packed = compressSync(raw);
  const useLz4 = packed.length < raw.length;
  const body = useLz4 ? packed : raw;
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt32LE(MAGIC, 0);
  header.writeUInt32LE(useLz4 ? FLAG_LZ4 : 0, 4);
  header.writeUInt32LE(raw.length, 8);
  header.writeUInt32LE(body.length, 12);
  header.writeUInt32LE(crc32(raw), 16);
  return Buffer.concat([header, body]);
}

function corrupt(why: string): StemflowError {
  return new StemflowError('INTERNAL', `a partition result from a worker is damaged (${why}); the job cannot be merged safely`);
}

/** Where decoded arrays go: fresh ones by default; a `ResultArrays` pool reuses them. */
export type ArraySource = (key: string, dtype: DType, length: number) => TypedArray;

const freshArrays: ArraySource = (_key, dtype, length) => allocArray(dtype, length);

/**
 * Decoded arrays reused from one result to the next: a host merges each result inside
 * `onResult`, so the arrays are free again once it returns, and a job's partitions have the
 * same buffers. Saves ~1 MiB of short-lived memory per result and the collections it causes.
 */
export class ResultArrays {
  private readonly arrays = new Map<string, TypedArray>();

  readonly take: ArraySource = (key, dtype, length) => {
    const id = `${key}:${dtype}:${length}`;
    let array = this.arrays.get(id);
    if (!array) {
      if (this.arrays.size >= 64) this.arrays.clear(); // many shapes seen (many jobs): start over
      array = allocArray(dtype, length);
      this.arrays.set(id, array);
    }
    return array;
  };
}

/**
 * Decode and verify (sizes, checksum) a result written by `encodeResult`, into arrays from
 * `arrays` (fresh ones unless a pool is given).
 */
export function decodeResult(blob: Buffer, arrays: ArraySource = freshArrays): PartitionResult {
  if (blob.length >= 4 && blob.readUInt32LE(0) === MAGIC_V1) {
    throw new StemflowError('INTERNAL', 'a partition result came from a worker of an older Stemflow version (format SFR1): run the same Stemflow version on the host and every worker');
  }
  if (blob.length < HEADER_BYTES || blob.readUInt32LE(0) !== MAGIC) throw corrupt('bad header');
  const flags = blob.readUInt32LE(4);
  const rawLength = blob.readUInt32LE(8);
  const storedLength = blob.readUInt32LE(12);
  if (blob.length - HEADER_BYTES !== storedLength) throw corrupt(`${blob.length - HEADER_BYTES} bytes stored, header says ${storedLength}`);
  const body = blob.subarray(HEADER_BYTES);
  let raw: Buffer;
  try {
    raw = flags & FLAG_LZ4 ? uncompressSync(body) : body;
  } catch (error) {
    throw corrupt(`lz4: ${(error as Error).message}`);
  }
  if (raw.length !== rawLength) throw corrupt(`${raw.length} bytes after decompression, header says ${rawLength}`);
  if (crc32(raw) !== blob.readUInt32LE(16)) throw corrupt('checksum mismatch');
  const metaLength = raw.readUInt32LE(0);
  const meta = JSON.parse(raw.toString('utf8', 4, 4 + metaLength)) as Meta;
  let at = align8(4 + metaLength);
  // Into aligned arrays: the decompressed buffer may sit at any offset.
  const take = (key: string, dtype: DType, length: number): TypedArray => {
    const array = arrays(key, dtype, length);
    const bytes = length * array.BYTES_PER_ELEMENT;
    if (at + bytes > raw.length) throw corrupt('arrays run past the end');
    unshuffleBytes(raw, at, array);
    at += align8(bytes);
    return array;
  };
  const navIndices = take('', 'int32', meta.navIndices) as Int32Array;
  const buffers: Record<string, TypedArray> = {};
  for (const b of meta.buffers) buffers[b.name] = take(`.${b.name}`, b.dtype, b.length);
  return { partition: meta.partition, navIndices, buffers };
}
