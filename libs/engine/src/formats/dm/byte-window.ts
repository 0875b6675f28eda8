import { closeSync, fstatSync, readSync } from 'node:fs';
import { formatCount, StemflowError } from '@stemflow/plugin-sdk';
import { openFile } from '../file-io';
import { SCALAR_BYTES } from './dm-types';

const WINDOW_BYTES = 1 << 16;

/**
 * Random access to the bytes of a file through one small reused window: a tag tree is
 * parsed without ever reading the (possibly huge) arrays that lie between its tags.
 * Every read past the end of the file is a FILE_CORRUPT error naming the file.
 */
export class ByteWindow {
  readonly size: number;
  private readonly fd: number;
  private buffer = new Uint8Array(WINDOW_BYTES);
  private view = new DataView(this.buffer.buffer);
  private start = 0;
  private end = 0;

  constructor(readonly path: string) {
    this.fd = openFile(path);
    const stat = fstatSync(this.fd);
    if (stat.isDirectory()) {
      closeSync(this.fd);
      throw new StemflowError('FORMAT_UNKNOWN', `${path} is a directory: give the path of a data file`);
    }
    this.size = stat.size;
  }

  close(): void {
    closeSync(this.fd);
  }

  u8(pos: number): number {
    return this.at(pos, 1).getUint8(pos - this.start);
  }

  u16(pos: number, little = false): number {
    return this.at(pos, 2).getUint16(pos - this.start, little);
  }

  u32(pos: number, little = false): number {
    return this.at(pos, 4).getUint32(pos - this.start, little);
  }

  /** An unsigned 64-bit count or offset; values beyond 2^53 cannot be a real size and are refused. */
  u64(pos: number, little = false, what = 'a size'): number {
    const value = this.at(pos, 8).getBigUint64(pos - this.start, little);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw this.corrupt(`${what} at byte ${formatCount(pos)} is ${value}, larger than any file`);
    return Number(value);
  }

  /** One scalar of a DM encoded type (see dm-types.ts), in the file's data byte order. */
  scalar(pos: number, type: number, little: boolean): number {
    const size = SCALAR_BYTES[type];
    if (size === undefined) throw this.corrupt(`unknown value type ${type} at byte ${formatCount(pos)}`);
    const v = this.at(pos, size);
    const o = pos - this.start;
    switch (type) {
      case 2:
        return v.getInt16(o, little);
      case 3:
        return v.getInt32(o, little);
      case 4:
        return v.getUint16(o, little);
      case 5:
        return v.getUint32(o, little);
      case 6:
        return v.getFloat32(o, little);
      case 7:
        return v.getFloat64(o, little);
      case 9:
        return v.getInt8(o);
      case 11:
        return Number(v.getBigInt64(o, little));
      case 12:
        return Number(v.getBigUint64(o, little));
      default:
        return v.getUint8(o); // 8 bool, 10 octet
    }
  }

  /** A copy of `length` bytes (small: names, short strings). */
  bytes(pos: number, length: number): Uint8Array {
    const view = this.at(pos, length);
    return new Uint8Array(view.buffer, view.byteOffset + pos - this.start, length).slice();
  }

  corrupt(what: string): StemflowError {
    return new StemflowError('FILE_CORRUPT', `${this.path}: ${what}; the file is corrupt or not what its header says`);
  }

  /** The window, moved so that it holds [pos, pos + length). */
  private at(pos: number, length: number): DataView {
    if (pos < 0 || pos + length > this.size) {
      throw new StemflowError(
        'FILE_CORRUPT',
        `${this.path} ends at byte ${formatCount(this.size)} but its header needs bytes up to ${formatCount(pos + length)}: the file is truncated or corrupt`,
      );
    }
    if (pos >= this.start && pos + length <= this.end) return this.view;
    if (length > this.buffer.length) {
      this.buffer = new Uint8Array(length);
      this.view = new DataView(this.buffer.buffer);
    }
    const want = Math.min(this.buffer.length, this.size - pos);
    let done = 0;
    while (done < want) {
      const n = readSync(this.fd, this.buffer, done, want - done, pos + done);
      if (n === 0) break;
      done += n;
    }
    this.start = pos;
    this.end = pos + done;
    if (done < length) throw this.corrupt(`could not read ${length} bytes at byte ${formatCount(pos)}`);
    return this.view;
  }
}
