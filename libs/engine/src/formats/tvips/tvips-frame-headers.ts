import { closeSync, readSync } from 'node:fs';
import { openFile } from '../file-io';
import type { TvipsHeader } from './tvips-header';
import { locateRecord, type TvipsLayout } from './tvips-layout';

/** Byte offsets in a version-2 frame header (LiberTEM's image_header_v2_dtype). */
const TIMESTAMP = 4;
const MILLISECONDS = 8;
const MODE = 24;
const ROTATOR_INDEX = 48;
const SCAN_X = 68;
const SCAN_Y = 72;
/** Like LiberTEM, look for the start of the scan only this far into the recording. */
const MAX_SCAN_IDX = 4096;

/** Reads fields of frame headers, one small read each, keeping each file open once. */
export class FrameHeaderReader {
  private readonly fds = new Map<number, number>();
  private readonly buffer = new Uint8Array(8);
  private readonly view = new DataView(this.buffer.buffer);

  constructor(
    private readonly layout: TvipsLayout,
    private readonly header: TvipsHeader,
  ) {}

  /** A little-endian u32 or f32 at `field` of frame `i`'s header, or undefined past its end. */
  read(i: number, field: number, kind: 'u32' | 'f32'): number | undefined {
    if (field + 4 > this.header.frameHeaderBytes) return undefined;
    const { file, offset } = locateRecord(this.layout, i);
    let fd = this.fds.get(file);
    if (fd === undefined) {
      fd = openFile(this.layout.files[file]!);
      this.fds.set(file, fd);
    }
    if (readSync(fd, this.buffer, 0, 4, offset + field) < 4) return undefined;
    return kind === 'u32' ? this.view.getUint32(0, true) : this.view.getFloat32(0, true);
  }

  close(): void {
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
  }
}

/**
 * LiberTEM's scan detection from the v2 frame headers' `Scan_x`/`Scan_y` (only when the headers
 * are long enough to hold them, 76 bytes): the first frame at (0,0) directly followed by one at
 * (0,1) starts the scan (its index is the sync offset), and the largest x before x falls back
 * gives the width.
 */
export function detectScan(headers: FrameHeaderReader, header: TvipsHeader, imageCount: number): { syncOffset: number; navShape: number[] } | undefined {
  if (header.version !== 2 || header.frameHeaderBytes < SCAN_Y + 4) return undefined;
  const limit = Math.min(MAX_SCAN_IDX, imageCount);
  const scanAt = (i: number): [number, number] | undefined => {
    const x = headers.read(i, SCAN_X, 'f32');
    const y = headers.read(i, SCAN_Y, 'f32');
    return x !== undefined && y !== undefined && Number.isFinite(x) && Number.isFinite(y) ? [Math.trunc(y), Math.trunc(x)] : undefined;
  };
  let idx = 0;
  let lastWasZero = false;
  let syncOffset: number | undefined;
  for (; idx < limit; idx++) {
    const scan = scanAt(idx);
    if (!scan) return undefined;
    if (lastWasZero && scan[0] === 0 && scan[1] === 1) {
      syncOffset = idx - 1;
      break;
    }
    lastWasZero = scan[0] === 0 && scan[1] === 0;
  }
  if (syncOffset === undefined) return undefined;
  let maxX = 0;
  for (; idx < limit; idx++) {
    const scan = scanAt(idx);
    if (!scan) break;
    maxX = Math.max(maxX, scan[1]);
    if (scan[1] < maxX) {
      const rows = Math.floor((imageCount - syncOffset) / (maxX + 1));
      if (rows >= 1) return { syncOffset, navShape: [rows, maxX + 1] };
      break;
    }
  }
  return { syncOffset, navShape: [imageCount - syncOffset] };
}

/** Facts of the first frame header and the rotator index range (HyperSpy's scan hint). */
export function firstFrameFacts(headers: FrameHeaderReader, imageCount: number) {
  const seconds = headers.read(0, TIMESTAMP, 'u32');
  const ms = headers.read(0, MILLISECONDS, 'u32');
  const mode = headers.read(0, MODE, 'u32');
  const firstRotator = headers.read(0, ROTATOR_INDEX, 'u32');
  const lastRotator = headers.read(imageCount - 1, ROTATOR_INDEX, 'u32');
  return {
    acquisitionTime: seconds ? new Date(seconds * 1000 + Math.min(ms ?? 0, 999)).toISOString() : undefined,
    mode: mode === 1 || mode === 2 ? mode : undefined,
    rotatorIndex: firstRotator !== undefined && lastRotator !== undefined ? [firstRotator, lastRotator] : undefined,
  };
}
