import { existsSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { formatCount, StemflowError } from '@stemflow/plugin-sdk';
import { fileSize } from '../file-io';
import { TVIPS_HEADER_BYTES, type TvipsHeader } from './tvips-header';

/** Recordings are split into `<name>_000.tvips`, `<name>_001.tvips`, … (three digits). */
const PART = /^(.*_)(\d{3})(\.tvips)$/i;
const MAX_PARTS = 1000;

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

/**
 * Every file of the recording `path` belongs to, in order: `_000` (which holds the general
 * header) and the following indices until one is missing. A path without the suffix is a
 * recording of one file.
 */
export function tvipsFiles(path: string): string[] {
  fileSize(path); // the requested file must exist and not be a directory
  const m = PART.exec(path);
  if (!m) return [path];
  const name = (i: number) => `${m[1]}${String(i).padStart(3, '0')}${m[3]}`;
  const files: string[] = [];
  for (let i = 0; i < MAX_PARTS && existsSync(name(i)); i++) {
    if (!isFile(name(i))) throw new StemflowError('FILE_CORRUPT', `${name(i)} should be part ${i} of a TVIPS recording but is not a file`);
    files.push(name(i));
  }
  if (files.length === 0) {
    throw new StemflowError('NOT_FOUND', `${path} is part ${m[2]} of a TVIPS recording, but its first part ${basename(name(0))} (which holds the general header) is not beside it`);
  }
  return files;
}

/** Where the frames lie: each file holds whole records (frame header + image) after the general header of `_000`. */
export interface TvipsLayout {
  files: string[];
  counts: number[];
  /** Index of the first frame of each file. */
  firsts: number[];
  imageCount: number;
  frameBytes: number;
  /** Bytes of one record: frame header + image. */
  stride: number;
}

export function frameBytesOf(header: TvipsHeader): number {
  return header.width * header.height * (header.bitsPerPixel / 8);
}

/** Byte offset of the first record in file `index` of the recording. */
export function firstRecordOffset(index: number): number {
  return index === 0 ? TVIPS_HEADER_BYTES : 0;
}

export function tvipsLayout(files: string[], header: TvipsHeader): TvipsLayout {
  const frameBytes = frameBytesOf(header);
  const stride = header.frameHeaderBytes + frameBytes;
  const counts = files.map((file, i) => {
    const payload = fileSize(file) - firstRecordOffset(i);
    const rest = payload % stride;
    if (payload < 0 || rest !== 0) {
      throw new StemflowError(
        'FILE_CORRUPT',
        `${file} holds ${formatCount(Math.max(0, Math.floor(payload / stride)))} whole records and ${formatCount(payload < 0 ? payload : rest)} bytes more (a record is a ${header.frameHeaderBytes}-byte frame header plus a ${header.height}×${header.width} ${header.dtype} image = ${formatCount(stride)} bytes): the file is truncated or not part of this recording`,
      );
    }
    return payload / stride;
  });
  // An empty part before a non-empty one means records are missing from the middle of the recording.
  const gap = counts.findIndex((n, i) => n === 0 && counts.slice(i + 1).some((later) => later > 0));
  if (gap >= 0) throw new StemflowError('FILE_CORRUPT', `${files[gap]} holds no frames, but later parts of the recording do: the part is truncated, so the frames after it cannot be placed`);
  const firsts: number[] = [];
  let total = 0;
  for (const n of counts) {
    firsts.push(total);
    total += n;
  }
  if (total === 0) throw new StemflowError('FILE_CORRUPT', `${files[0]} holds a TVIPS header but no frames`);
  return { files, counts, firsts, imageCount: total, frameBytes, stride };
}

/** File and byte offset of record `i` (its frame header; the image follows it). */
export function locateRecord(layout: TvipsLayout, i: number): { file: number; offset: number } {
  let lo = 0;
  let hi = layout.firsts.length - 1;
  // The last file whose first frame is ≤ i (files may hold no frames).
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (layout.firsts[mid]! <= i) lo = mid;
    else hi = mid - 1;
  }
  while (lo > 0 && layout.counts[lo] === 0) lo--;
  return { file: lo, offset: firstRecordOffset(lo) + (i - layout.firsts[lo]!) * layout.stride };
}
