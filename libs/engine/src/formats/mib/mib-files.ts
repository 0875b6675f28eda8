import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join } from 'node:path';
import { formatCount, StemflowError } from '@stemflow/plugin-sdk';
import { fileSize, readBytes } from '../file-io';
import { MIB_MAGIC, readMibHeader, sameGeometry, startsWithMagic, type MibHeader } from './mib-header';

/** One `.mib` file of an acquisition: its first header and how many whole frames it holds. */
export interface MibFile {
  path: string;
  header: MibHeader;
  frames: number;
  /** Bytes after the last whole frame (an interrupted acquisition). */
  trailingBytes: number;
}

export function frameStride(header: MibHeader, frameBytes: number): number {
  return header.headerSize + frameBytes;
}

export function framesIn(path: string, stride: number): number {
  return Math.floor(fileSize(path) / stride);
}

/**
 * Describe one file and prove its frame size: the last whole frame must start with a frame
 * header, and bytes after it must be the start of one. A wrong width, height, pixel type or
 * header size in the first header breaks this, so it is refused instead of read as garbage.
 */
export function inspectMibFile(path: string, header: MibHeader, frameBytes: number): MibFile {
  const size = fileSize(path);
  const stride = frameStride(header, frameBytes);
  const frames = Math.floor(size / stride);
  if (frames === 0) {
    throw new StemflowError(
      'FILE_CORRUPT',
      `${path} has ${formatCount(size)} bytes, less than one frame (${formatCount(header.headerSize)}-byte header + ${formatCount(frameBytes)} bytes of ${header.width}×${header.height} ${header.pixelType}): it is truncated or its header is damaged`,
    );
  }
  const trailingBytes = size - frames * stride;
  const checks: [number, string][] = [[(frames - 1) * stride, `frame ${formatCount(frames)}`]];
  if (trailingBytes > 0) checks.push([frames * stride, `the ${formatCount(trailingBytes)} bytes after the last whole frame`]);
  for (const [position, what] of checks) {
    if (position === 0) continue;
    if (!startsWithMagic(readBytes(path, position, MIB_MAGIC.length))) {
      throw new StemflowError(
        'FILE_CORRUPT',
        `${path}: ${what} does not start with a frame header at byte ${formatCount(position)}; the first header says ${formatCount(stride)} bytes per frame, which does not fit this file (damaged header or not one acquisition)`,
      );
    }
  }
  return { path, header, frames, trailingBytes };
}

/** Name stem shared by the files of one acquisition: `scan12.mib`, `scan_3.mib` → `scan`. */
function acquisitionStem(path: string): string {
  const stem = basename(path, extname(path));
  return extname(path).toLowerCase() === '.hdr' ? stem : stem.replace(/\d+$/, '').replace(/[_-]$/, '');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `.mib` files beside `path` named `<stem>[_-]<number>.mib` (or `<stem>.mib`), in natural order. */
export function siblingMibFiles(path: string): string[] {
  const dir = dirname(path);
  const pattern = new RegExp(`^${escapeRegExp(acquisitionStem(path))}[_-]?\\d*\\.mib$`, 'i');
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => pattern.test(n))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    .map((n) => join(dir, n))
    .filter((p) => {
      try {
        return statSync(p).isFile();
      } catch {
        return false;
      }
    });
}

/** The first header of a file, or undefined if it is not a readable MIB file. */
export function tryHeader(path: string): MibHeader | undefined {
  try {
    return readMibHeader(path);
  } catch (error) {
    if (error instanceof StemflowError) return undefined;
    throw error;
  }
}

/**
 * The files of `primary`'s acquisition, in frame order: siblings with the same geometry whose
 * sequence numbers continue one another (file k+1 starts where file k ends). Anything
 * ambiguous (two files that could come next) ends the chain, so unrelated acquisitions that
 * merely share a name prefix are never mixed in.
 */
export function acquisitionChain(primary: MibFile, siblings: MibFile[]): MibFile[] {
  const others = siblings.filter((f) => f.path !== primary.path && sameGeometry(f.header, primary.header));
  // Index by first and by one-past-last sequence number: thousands of files stay linear.
  const byFirst = new Map<number, MibFile[]>();
  const byEnd = new Map<number, MibFile[]>();
  for (const f of others) {
    byFirst.set(f.header.sequence, [...(byFirst.get(f.header.sequence) ?? []), f]);
    byEnd.set(f.header.sequence + f.frames, [...(byEnd.get(f.header.sequence + f.frames) ?? []), f]);
  }
  const only = (matches: MibFile[] | undefined) => (matches?.length === 1 ? matches[0] : undefined);
  // Sequence numbers strictly grow along the chain (every file holds ≥ 1 frame): no cycles.
  const chain = [primary];
  let next = only(byFirst.get(primary.header.sequence + primary.frames));
  while (next && chain[chain.length - 1]!.trailingBytes === 0) {
    chain.push(next);
    next = only(byFirst.get(next.header.sequence + next.frames));
  }
  let prev = only(byEnd.get(primary.header.sequence));
  while (prev && prev.trailingBytes === 0) {
    chain.unshift(prev);
    prev = only(byEnd.get(prev.header.sequence));
  }
  return chain;
}

/** Files named by the user (`params.files`), relative to the folder of `path`. */
export function resolveListedFiles(path: string, files: unknown): string[] {
  if (!Array.isArray(files) || files.length === 0 || files.some((f) => typeof f !== 'string' || f === '')) {
    throw new StemflowError('SHAPE_MISMATCH', `params.files must be a non-empty list of .mib file names, got ${JSON.stringify(files)}`);
  }
  return (files as string[]).map((f) => (isAbsolute(f) ? f : join(dirname(path), f)));
}
