import { native } from '../kernels/native';

/**
 * A window of address space into which ranges of a file are mapped in turn (native addon), so a
 * reader can hand kernels frames straight from the page cache: no copy, no allocation per tile,
 * resident memory bounded by the window. Each `map` replaces the previous range; views from an
 * earlier call then show the new range.
 *
 * @example
 * ```ts
 * import { MappedWindow } from '@stemflow/plugin-sdk';
 * import { closeSync, openSync } from 'node:fs';
 *
 * const window = MappedWindow.create(64 * 2 ** 20);
 * const fd = openSync('/data/scan.raw', 'r');
 * const frames = window?.map(fd, 4096, 2 * 256 * 256 * 2); // two uint16 frames after a 4 KiB header
 * // … hand new Uint16Array(frames.buffer, frames.byteOffset, frames.length / 2) to a kernel, or read when undefined
 * window?.release();
 * closeSync(fd);
 * ```
 */
export class MappedWindow {
  private constructor(
    private readonly buffer: ArrayBuffer,
    /** Largest range one `map` can show, in bytes (less the position's offset within its page). */
    readonly bytes: number,
  ) {}

  /** A window of `bytes`, or undefined when the native addon is not loaded (read instead). */
  static create(bytes: number): MappedWindow | undefined {
    if (!native) return undefined;
    return new MappedWindow(native.reserveWindow(bytes + 65536), bytes);
  }

  /** Bytes `[position, position + length)` of the open file `fd`, or undefined if they cannot be mapped. */
  map(fd: number, position: number, length: number): Uint8Array | undefined {
    if (length > this.bytes) return undefined;
    const at = native!.mapWindow(this.buffer, fd, position, length);
    return at < 0 ? undefined : new Uint8Array(this.buffer, at, length);
  }

  /** Let go of the file's pages (the address range goes when the window is collected). */
  release(): void {
    native!.releaseWindow(this.buffer);
  }
}
