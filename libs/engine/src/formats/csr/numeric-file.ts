import { closeSync, readSync } from 'node:fs';
import { formatCount, StemflowError } from '@stemflow/plugin-sdk';
import { fileSize, hostByteOrder, openFile, readBytes, swapBytes } from '../file-io';

/** A NumPy element type: kind (u, i, f, b), bytes and byte order. */
export interface NumpyType {
  kind: 'u' | 'i' | 'f' | 'b';
  size: number;
  little: boolean;
}

const NAMES: Record<string, string> = { uint8: 'u1', int8: 'i1', uint16: 'u2', int16: 'i2', uint32: 'u4', int32: 'i4', uint64: 'u8', int64: 'i8', float32: 'f4', float64: 'f8', bool: 'b1' };

/** Parse "<i4", "uint16", "=f8", "|u1"… (the forms NumPy's dtype() accepts for plain numbers). */
export function parseNumpyType(text: string): NumpyType | undefined {
  const name = NAMES[text] ?? text;
  const m = /^([<>=|]?)([uifb])(\d)$/.exec(name);
  if (!m) return undefined;
  const size = Number(m[3]);
  const valid = m[2] === 'f' ? [4, 8].includes(size) : m[2] === 'b' ? size === 1 : [1, 2, 4, 8].includes(size);
  if (!valid) return undefined;
  return { kind: m[2] as NumpyType['kind'], size, little: m[1] === '>' ? false : m[1] === '<' || m[1] === '|' || !m[1] ? true : hostByteOrder() === 'little' };
}

/**
 * One flat numeric array in a file: raw (type from the descriptor) or `.npy` (type and offset from
 * its header). Reads element ranges into reused buffers as JS numbers (64-bit integers must be exact).
 */
export class NumericFile {
  readonly type: NumpyType;
  readonly length: number;
  private readonly offset: number;
  private fd?: number;
  private scratch = new ArrayBuffer(0);

  constructor(
    readonly path: string,
    declared: string,
    readonly role: string,
  ) {
    const size = fileSize(path);
    const head = readBytes(path, 0, 65536 + 12);
    if (head.length >= 6 && head[0] === 0x93 && String.fromCharCode(...head.subarray(1, 6)) === 'NUMPY') {
      const npy = parseNpy(head, path);
      this.type = npy.type;
      this.offset = npy.offset;
      this.length = npy.length;
      if (size < this.offset + this.length * this.type.size) throw new StemflowError('FILE_CORRUPT', `${path} has ${formatCount(size)} bytes but its .npy header needs ${formatCount(this.offset + this.length * this.type.size)}: the file is truncated`);
    } else {
      const type = parseNumpyType(declared);
      if (!type) throw new StemflowError('FORMAT_UNKNOWN', `${path}: the ${role} dtype "${declared}" is not a plain numeric NumPy type (e.g. "<i4", "uint16", "<f4")`);
      this.type = type;
      this.offset = 0;
      if (size % type.size !== 0) throw new StemflowError('FILE_CORRUPT', `${path} has ${formatCount(size)} bytes, not a whole number of ${declared} values: the file is truncated or the dtype is wrong`);
      this.length = size / type.size;
    }
  }

  /** Values [start, start + count) as numbers, in a view valid until the next call. */
  read(start: number, count: number): ArrayLike<number> {
    if (start < 0 || start + count > this.length) throw new StemflowError('FILE_CORRUPT', `${this.path}: the ${this.role} range ${start}…${start + count} lies outside its ${formatCount(this.length)} values`);
    const bytes = count * this.type.size;
    if (this.scratch.byteLength < bytes) this.scratch = new ArrayBuffer(Math.max(bytes, 1 << 16));
    const raw = new Uint8Array(this.scratch, 0, bytes);
    this.fd ??= openFile(this.path);
    let done = 0;
    while (done < bytes) {
      const n = readSync(this.fd, raw, done, bytes - done, this.offset + start * this.type.size + done);
      if (n === 0) throw new StemflowError('FILE_CORRUPT', `${this.path} ended while reading its ${this.role}: the file is truncated`);
      done += n;
    }
    if (this.type.size > 1 && this.type.little !== (hostByteOrder() === 'little')) swapBytes(raw, this.type.size);
    return this.view(count);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private view(count: number): ArrayLike<number> {
    const b = this.scratch;
    const { kind, size } = this.type;
    if (kind === 'f') return size === 4 ? new Float32Array(b, 0, count) : new Float64Array(b, 0, count);
    if (size === 8) {
      const big = kind === 'i' ? new BigInt64Array(b, 0, count) : new BigUint64Array(b, 0, count);
      return Array.from(big, (v) => {
        const n = Number(v);
        if (!Number.isSafeInteger(n)) throw new StemflowError('FILE_CORRUPT', `${this.path}: the ${this.role} value ${v} is beyond float64's exact integers`);
        return n;
      });
    }
    if (size === 1) return kind === 'i' ? new Int8Array(b, 0, count) : new Uint8Array(b, 0, count);
    if (size === 2) return kind === 'i' ? new Int16Array(b, 0, count) : new Uint16Array(b, 0, count);
    return kind === 'i' ? new Int32Array(b, 0, count) : new Uint32Array(b, 0, count);
  }
}

function parseNpy(head: Uint8Array, path: string): { type: NumpyType; offset: number; length: number } {
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const major = head[6];
  const [lengthAt, start] = major === 1 ? [8, 10] : [8, 12];
  if (head.length < start || (major !== 1 && major !== 2 && major !== 3)) throw new StemflowError('FILE_CORRUPT', `${path}: unsupported or cut .npy header`);
  const headerLength = major === 1 ? view.getUint16(lengthAt, true) : view.getUint32(lengthAt, true);
  if (start + headerLength > head.length) throw new StemflowError('FILE_CORRUPT', `${path}: .npy header is cut short`);
  const text = new TextDecoder('latin1').decode(head.subarray(start, start + headerLength));
  const descr = /'descr'\s*:\s*'([^']+)'/.exec(text)?.[1];
  const shape = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  const type = descr ? parseNumpyType(descr) : undefined;
  if (!type || shape === undefined) throw new StemflowError('FILE_CORRUPT', `${path}: .npy header "${text.trim().slice(0, 80)}" is not a plain numeric array`);
  if (/'fortran_order'\s*:\s*True/.test(text)) throw new StemflowError('FILE_CORRUPT', `${path}: Fortran-order .npy files are not read`);
  const dims = shape.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  if (dims.length > 1 || dims.some((n) => !Number.isInteger(n) || n < 0)) throw new StemflowError('FILE_CORRUPT', `${path}: a CSR array must be 1-D, its .npy shape is (${shape})`);
  return { type, offset: start + headerLength, length: dims[0] ?? 1 };
}
