import { closeSync, readSync } from 'node:fs';
import { openFile } from '../file-io';
import type { SeqHeader } from './seq-header';

/**
 * Frame timestamps, stored in the footer that follows each image inside the frame stride:
 * u32 seconds since 1970, u16 milliseconds and (from version 5 on) u16 microseconds.
 * Returns seconds, NaN where a footer is missing or blank.
 */
export function readSeqTimestamps(path: string, h: SeqHeader, start: number, count: number): Float64Array {
  const micro = h.version >= 5;
  const size = micro ? 8 : 6;
  const out = new Float64Array(Math.max(0, count)).fill(Number.NaN);
  if (h.trueImageSize - h.imageSizeBytes < size) return out;
  const fd = openFile(path);
  const footer = new Uint8Array(size);
  const view = new DataView(footer.buffer);
  try {
    for (let i = 0; i < out.length; i++) {
      const read = readSync(fd, footer, 0, size, h.imageOffset + (start + i) * h.trueImageSize + h.imageSizeBytes);
      if (read < size) break;
      const seconds = view.getUint32(0, true);
      if (seconds === 0) continue;
      out[i] = seconds + view.getUint16(4, true) / 1e3 + (micro ? view.getUint16(6, true) / 1e6 : 0);
    }
  } finally {
    closeSync(fd);
  }
  return out;
}

/** Acquisition start and mean frame interval from the first and last footers (two reads, any length). */
export function timingOf(path: string, h: SeqHeader, frames: number): { start?: string; frameInterval?: number } {
  const [first] = readSeqTimestamps(path, h, 0, 1);
  const [last] = frames > 1 ? readSeqTimestamps(path, h, frames - 1, 1) : [Number.NaN];
  const result: { start?: string; frameInterval?: number } = {};
  if (Number.isFinite(first)) result.start = new Date(first! * 1000).toISOString();
  if (Number.isFinite(first) && Number.isFinite(last) && last! > first!) result.frameInterval = (last! - first!) / (frames - 1);
  return result;
}
