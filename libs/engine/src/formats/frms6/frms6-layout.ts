import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { formatCount, StemflowError } from '@stemflow/plugin-sdk';
import { fileSize, readBytes } from '../file-io';

/**
 * PNDetector pnCCD FRMS6 (layout from LiberTEM's frms6.py): a `.hdr` (INI, section
 * `measurementInfo`) and files `<name>_000.frms6` (dark frames), `<name>_001.frms6`… (data). Each
 * file: a 1024-byte little-endian header, then frames of a 64-byte header + height×width uint16.
 * Stored frames are folded: the detector's lower half sits, rotated by 180°, to the right of the
 * upper half; rows are binned by 1, 2 or 4.
 */
export const FILE_HEADER = 1024;
export const FRAME_HEADER = 64;
export const VERSION = 6;

export interface Frms6Header {
  path: string;
  width: number;
  height: number;
  frames: number;
}

/** Parse and check a file header against the file size. */
export function readFrms6Header(path: string): Frms6Header {
  const size = fileSize(path);
  if (size === 0) throw new StemflowError('FILE_CORRUPT', `${path} is empty (0 bytes)`);
  if (size < FILE_HEADER) throw new StemflowError('FILE_CORRUPT', `${path} has ${formatCount(size)} bytes, less than the 1,024-byte FRMS6 header: the file is truncated`);
  const bytes = readBytes(path, 0, FILE_HEADER);
  const v = new DataView(bytes.buffer, bytes.byteOffset, FILE_HEADER);
  const headerSize = v.getUint16(0, true);
  const frameHeader = v.getUint16(2, true);
  const version = v.getUint8(7);
  if (headerSize !== FILE_HEADER || frameHeader !== FRAME_HEADER || version !== VERSION) {
    throw new StemflowError('FILE_CORRUPT', `${path} is not an FRMS6 file (header size ${headerSize}, frame header ${frameHeader}, version ${version}; expected 1024, 64, 6)`);
  }
  const width = v.getUint16(88, true);
  const height = v.getUint16(90, true);
  if (width === 0 || height === 0 || width % 2 !== 0) throw new StemflowError('FILE_CORRUPT', `${path}: frame size ${width}×${height} in the header is not valid (width must be even)`);
  const stride = FRAME_HEADER + width * height * 2;
  let frames = v.getUint32(1020, true);
  if (frames === 0) {
    // Older files leave the count at 0: derive it from the size, which must then fit exactly.
    frames = (size - FILE_HEADER) / stride;
    if (!Number.isInteger(frames)) throw new StemflowError('FILE_CORRUPT', `${path}: ${formatCount(size)} bytes is not a whole number of ${width}×${height} frames`);
  }
  const needed = FILE_HEADER + frames * stride;
  if (size < needed) {
    throw new StemflowError('FILE_CORRUPT', `${path} has ${formatCount(size)} bytes but its header announces ${formatCount(frames)} frames of ${width}×${height} (${formatCount(needed)} bytes): the file is truncated`);
  }
  return { path, width, height, frames };
}

export interface Frms6Hdr {
  values: Record<string, string>;
  binning: number;
  scan?: number[];
}

/** The `.hdr` text: `[measurementInfo]` keys (lower case), readout mode `"bin: N, windowing: A x B"` and `stemimagesize`. */
export function readFrms6Hdr(path: string): Frms6Hdr {
  if (!existsSync(path)) throw new StemflowError('NOT_FOUND', `the FRMS6 header file ${path} is missing (it gives the binning and the scan shape)`);
  let text: string;
  try {
    if (fileSize(path) > 1 << 20) throw new StemflowError('FILE_CORRUPT', `${path} is too large for an FRMS6 .hdr file`);
    text = readFileSync(path, 'latin1');
  } catch (error) {
    if (error instanceof StemflowError) throw error;
    throw new StemflowError('NOT_FOUND', `the FRMS6 header file ${path} is missing (it gives the binning and the scan shape)`, { cause: error });
  }
  const values: Record<string, string> = {};
  let section = '';
  for (const line of text.split(/\r?\n/)) {
    const head = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (head) {
      section = head[1]!.trim();
      continue;
    }
    const kv = /^\s*([^=:#;]+?)\s*[=:]\s*(.*?)\s*$/.exec(line);
    if (kv && section === 'measurementInfo') values[kv[1]!.toLowerCase()] = kv[2]!;
  }
  if (Object.keys(values).length === 0) throw new StemflowError('FILE_CORRUPT', `${path} has no [measurementInfo] section`);
  const mode = /bin:\s*(\d+)/.exec(values.readoutmode ?? '');
  const binning = mode ? Number(mode[1]) : 1;
  if (![1, 2, 4].includes(binning)) throw new StemflowError('FILE_CORRUPT', `${path}: binning ${binning} is not 1, 2 or 4`);
  const scan = /^\s*(\d+)\s*x\s*(\d+)\s*$/.exec(values.stemimagesize ?? '');
  return { values, binning, ...(scan && Number(scan[1]) > 0 && Number(scan[2]) > 0 ? { scan: [Number(scan[1]), Number(scan[2])] } : {}) };
}

/** The `.hdr`, dark file and data files of a data set opened from any of them. */
export function frms6Files(path: string): { hdr: string; dark?: string; data: string[] } {
  const ext = extname(path).toLowerCase();
  if (ext !== '.hdr' && ext !== '.frms6') throw new StemflowError('FORMAT_UNKNOWN', `${path}: an FRMS6 data set is opened from its .hdr or one of its .frms6 files`);
  const stem = basename(path, extname(path));
  const base = ext === '.hdr' ? stem : stem.replace(/_[0-9]+$/, '');
  const dir = dirname(path);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    throw new StemflowError('NOT_FOUND', `cannot list the folder of ${path}`, { cause: error });
  }
  const numbered = names.filter((n) => n.startsWith(`${base}_`) && /^[0-9]+\.frms6$/i.test(n.slice(base.length + 1))).sort();
  const dark = numbered.find((n) => /_0+\.frms6$/i.test(n));
  const data = numbered.filter((n) => n !== dark).map((n) => join(dir, n));
  if (data.length === 0) throw new StemflowError('NOT_FOUND', `${path}: no FRMS6 data files ${base}_001.frms6… in ${dir}`);
  return { hdr: join(dir, `${base}.hdr`), ...(dark ? { dark: join(dir, dark) } : {}), data };
}

/**
 * Unfold rows [rowStart, rowStart + rows) of one stored frame (height×width, uint16 little-endian)
 * into `dest` (`rows × width/2`, after un-binning): output row y comes from binned row y/binning;
 * binned rows below `height` are the left half of that stored row, the others the right half of
 * stored row 2·height−1−y, reversed.
 */
export function unfoldRows(raw: Uint8Array, height: number, width: number, binning: number, dest: { [i: number]: number }, destAt: number, rowStart: number, rows: number, dark?: Float32Array): void {
  const half = width / 2;
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  for (let r = 0; r < rows; r++) {
    const y = rowStart + r;
    const binned = Math.floor(y / binning);
    const upper = binned < height;
    const stored = upper ? binned : 2 * height - 1 - binned;
    const rowAt = stored * width * 2;
    const out = destAt + r * half;
    const darkAt = y * half;
    for (let x = 0; x < half; x++) {
      const value = view.getUint16(rowAt + 2 * (upper ? x : width - 1 - x), true);
      dest[out + x] = dark ? value - dark[darkAt + x]! : value;
    }
  }
}
