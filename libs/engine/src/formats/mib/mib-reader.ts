import { basename, dirname, extname, isAbsolute, join } from 'node:path';
import { product, StemflowError, type DType } from '@stemflow/plugin-sdk';
import type { DatasetDescriptor, DatasetMetadata, OpenRequest } from '../descriptor';
import { fileSize, readBytes } from '../file-io';
import { FramedSource } from '../framed-source';
import type { FormatReader } from '../format-reader';
import { resolveNav } from '../nav';
import { readAcquisition, type MibAcquisition, type MibOptions } from './mib-acquisition';
import { framesIn } from './mib-files';
import { looksLikeHdr, scanShapeFromHdr } from './mib-hdr';
import { startsWithMagic } from './mib-header';
import { rawFrameDecoder } from './mib-raw-decode';

/** What a worker needs to find and decode frames again (plain JSON, in `descriptor.params`). */
interface MibParams {
  headerSize: number;
  frameBytes: number;
  nativeSigShape: [number, number];
  rawBits?: 1 | 8 | 16;
  quad?: boolean;
  /** The `.mib` files in frame order, relative to the folder of `path` (absent: `path` alone). */
  files?: string[];
}

function isHdrPath(path: string): boolean {
  return extname(path).toLowerCase() === '.hdr' || looksLikeHdr(readBytes(path, 0, 3));
}

/**
 * The scan to propose when the user opened the `.hdr`: its scan if the files hold enough frames,
 * else the complete rows of it (an interrupted acquisition), else one line of all frames.
 */
function fitScan(scan: number[] | undefined, frames: number): number[] {
  if (!scan || product(scan) === 0) return [frames];
  if (product(scan) <= frames) return scan;
  const width = scan[scan.length - 1]!;
  if (scan.length === 2 && frames >= width) return Math.floor(frames / width) > 1 ? [Math.floor(frames / width), width] : [width];
  return [frames];
}

/** Merlin writes a local time without zone in field 9 and UTC in the `MQ1A` extension. */
function acquisitionTime(acq: MibAcquisition): string | undefined {
  const h = acq.files[0]!.header;
  if (h.isoTimestamp) return h.isoTimestamp;
  return h.timestamp && /^\d{4}-\d\d-\d\d \d\d:\d\d/.test(h.timestamp) ? h.timestamp.replace(' ', 'T') : undefined;
}

function metadataOf(acq: MibAcquisition, scan: number[] | undefined): DatasetMetadata {
  const h = acq.files[0]!.header;
  const time = acquisitionTime(acq);
  return {
    ...(h.shutterSeconds !== undefined ? { exposureTime: h.shutterSeconds } : {}),
    ...(time ? { acquisitionTime: time } : {}),
    extra: {
      detector: 'Quantum Detectors Merlin (Medipix3)',
      pixelType: h.pixelType,
      counterDepth: h.counterDepth,
      raw: h.pixelType === 'R64',
      chips: h.chips,
      layout: h.layout,
      chipSelect: h.chipSelect,
      thresholdsKeV: h.thresholdsKeV,
      headerSize: h.headerSize,
      firstSequenceNumber: h.sequence,
      fileCount: acq.files.length,
      trailingBytes: acq.files[acq.files.length - 1]!.trailingBytes,
      ...(scan ? { scanShapeFromHdr: scan } : {}),
      ...(acq.hdr ? { hdr: acq.hdr } : {}),
      ...(acq.hdrProblem ? { hdrProblem: acq.hdrProblem } : {}),
    },
  };
}

/** File names as stored in params: relative to the folder of `path` when they lie in it. */
function relativeNames(path: string, files: string[]): string[] {
  return files.map((f) => (dirname(f) === dirname(path) ? basename(f) : f));
}

function checkSig(request: OpenRequest, native: [number, number]): number[] {
  const sig = request.sigShape ?? native;
  if (!Array.isArray(sig) || sig.length === 0 || sig.some((n) => !Number.isInteger(n) || n <= 0) || product(sig) !== product(native)) {
    throw new StemflowError('SHAPE_MISMATCH', `sig shape [${String(sig)}] does not fit ${request.path}: its frames have ${native.join('×')} = ${product(native)} pixels`);
  }
  return sig;
}

function checkDtype(request: OpenRequest, dtype: DType): void {
  if (request.dtype !== undefined && request.dtype !== dtype) {
    throw new StemflowError('SHAPE_MISMATCH', `${request.path} holds ${dtype} frames (the MIB header says so); leave out --dtype ${request.dtype}`);
  }
}

/** Quantum Detectors Merlin `.mib` (frames with ASCII headers), opened by a `.mib` or its `.hdr`. */
export const mibReader: FormatReader = {
  id: 'mib',
  title: 'Quantum Detectors Merlin MIB',
  detect(path, head) {
    if (startsWithMagic(head) && head.length >= 4) return 100;
    if (head.length >= 4 && looksLikeHdr(head) && head[3] === 0x2c /* "HDR," */) return 100;
    return extname(path).toLowerCase() === '.mib' ? 10 : 0;
  },
  describe(request: OpenRequest): DatasetDescriptor {
    const { path } = request;
    fileSize(path); // a directory or a missing file fails here with a clear message
    const viaHdr = isHdrPath(path);
    const acq = readAcquisition(path, viaHdr, (request.params ?? {}) as MibOptions);
    const { geometry: g, files } = acq;
    const imageCount = files.reduce((n, f) => n + f.frames, 0);
    const sigShape = checkSig(request, g.sigShape);
    checkDtype(request, g.dtype);
    const scan = acq.hdr ? scanShapeFromHdr(acq.hdr) : undefined;
    // The `.mib` alone is a flat stack of frames; the `.hdr` names the scan (LiberTEM's rule).
    const nav = resolveNav(request, imageCount, viaHdr ? fitScan(scan, imageCount) : [imageCount]);
    const single = files.length === 1 && files[0]!.path === path;
    const params: MibParams = {
      headerSize: files[0]!.header.headerSize,
      frameBytes: g.frameBytes,
      nativeSigShape: g.sigShape,
      ...(g.rawBits ? { rawBits: g.rawBits } : {}),
      ...(g.quad ? { quad: true } : {}),
      ...(single ? {} : { files: relativeNames(path, files.map((f) => f.path)) }),
    };
    return {
      path,
      format: 'mib',
      sigShape,
      dtype: g.dtype,
      // U16/U32 pixels (and RAW 12-bit words) are big-endian; bytes have no order.
      byteOrder: g.dtype === 'uint8' ? 'little' : 'big',
      offset: 0,
      params: params as unknown as Record<string, unknown>,
      metadata: metadataOf(acq, scan),
      ...nav,
    };
  },
  open(d: DatasetDescriptor) {
    const p = d.params as unknown as MibParams;
    if (!p || !(p.headerSize > 0) || !(p.frameBytes > 0) || !Array.isArray(p.nativeSigShape)) {
      throw new StemflowError('SHAPE_MISMATCH', `the descriptor of ${d.path} lacks the MIB frame layout (params.headerSize, frameBytes, nativeSigShape): describe the file again`);
    }
    const files = p.files ? p.files.map((f) => (isAbsolute(f) ? f : join(dirname(d.path), f))) : [d.path];
    const stride = p.headerSize + p.frameBytes;
    const firsts: number[] = [];
    let imageCount = 0;
    for (const f of files) {
      firsts.push(imageCount);
      imageCount += framesIn(f, stride);
    }
    const decode = p.rawBits ? rawFrameDecoder({ sigShape: p.nativeSigShape, dtype: d.dtype, frameBytes: p.frameBytes, rawBits: p.rawBits, quad: p.quad }, d.sigShape, d.dtype) : undefined;
    return new FramedSource(d, {
      files,
      imageCount,
      encodedFrameBytes: p.frameBytes,
      ...(decode ? { decode } : {}),
      locate(i) {
        // The last file whose first frame is at or before i (binary search over the prefix sums).
        let lo = 0;
        let hi = firsts.length - 1;
        while (lo < hi) {
          const mid = (lo + hi + 1) >> 1;
          if (firsts[mid]! <= i) lo = mid;
          else hi = mid - 1;
        }
        return { file: lo, offset: (i - firsts[lo]!) * stride + p.headerSize };
      },
    });
  },
};
