import { StemflowError } from '@stemflow/plugin-sdk';
import { fileSize, readBytes } from '../file-io';

/** A Merlin `.hdr` acquisition file is a few kB of `Key (unit):<TAB>value` lines. */
const MAX_HDR_BYTES = 1 << 16;

export function looksLikeHdr(head: Uint8Array): boolean {
  return head.length >= 3 && head[0] === 0x48 && head[1] === 0x44 && head[2] === 0x52; // "HDR"
}

/** The key/value lines of a `.hdr` file (keys without the trailing colon). */
export function readHdr(path: string): Record<string, string> {
  fileSize(path); // a directory or a missing file fails here with a clear message
  const bytes = readBytes(path, 0, MAX_HDR_BYTES);
  if (bytes.length === 0) throw new StemflowError('FILE_CORRUPT', `${path} is empty (0 bytes): a Merlin .hdr file starts with "HDR"`);
  if (!looksLikeHdr(bytes)) throw new StemflowError('FILE_CORRUPT', `${path} does not start with "HDR": not a Merlin acquisition header`);
  const result: Record<string, string> = {};
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  for (const line of text.split(/\r?\n/).slice(1)) {
    if (line.startsWith('End')) break;
    const tab = line.indexOf('\t');
    if (tab <= 0) continue;
    result[line.slice(0, tab).trim().replace(/:$/, '')] = line.slice(tab + 1).replace(/\0/g, '').trim();
  }
  return result;
}

function positive(value: string | undefined): number | undefined {
  const n = /^\s*\d+\s*$/.test(value ?? '') ? Number(value) : Number.NaN;
  return n > 0 ? n : undefined;
}

/**
 * The scan the `.hdr` describes, slowest axis first, without axes of length 1: `ScanY × ScanX`
 * when the software wrote them, else LiberTEM's rule (frames ÷ frames per trigger) × frames per
 * trigger. With one frame per trigger (a per-pixel trigger) the scan width is unknown.
 */
export function scanShapeFromHdr(hdr: Record<string, string>): number[] | undefined {
  const scanX = positive(hdr['ScanX']);
  const scanY = positive(hdr['ScanY']);
  let shape: number[];
  if (scanX && scanY) shape = [scanY, scanX];
  else {
    const frames = positive(hdr['Frames in Acquisition (Number)']);
    const perTrigger = positive(hdr['Frames per Trigger (Number)']);
    if (!frames) return undefined;
    shape = perTrigger && perTrigger <= frames ? [Math.floor(frames / perTrigger), perTrigger] : [frames];
  }
  const trimmed = shape.filter((n) => n > 1);
  return trimmed.length > 0 ? trimmed : [1];
}
