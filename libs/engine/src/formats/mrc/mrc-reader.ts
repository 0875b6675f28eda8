import { extname } from 'node:path';
import { formatCount, product, StemflowError } from '@stemflow/plugin-sdk';
import type { DatasetDescriptor, DatasetMetadata, OpenRequest } from '../descriptor';
import { FramedSource, type DataSet } from '../framed-source';
import type { FormatReader } from '../format-reader';
import { resolveNav } from '../nav';
import { deInfoPath, readDeInfo } from './de-info';
import { readFeiMetadata } from './fei-metadata';
import { float16Decoder, uint4Decoder } from './mrc-decoders';
import { cellPixelSize, isVolumeStack, MRC_HEADER_BYTES, mrcMode, parseMrcHeader, type MrcHeader } from './mrc-header';
import { readHead } from './read-head';

const EXTENSIONS = ['.mrc', '.mrcs'];

/** What `open` needs besides the descriptor's shape: how frames are stored. */
interface MrcParams {
  mode: number;
  /** Stored row length (packed 4-bit rows are padded per row). */
  nx: number;
  unsignedBytes?: boolean;
}

function hasMapId(head: Uint8Array): boolean {
  return head.length >= 212 && head[208] === 0x4d && head[209] === 0x41 && head[210] === 0x50 && head[211] === 0x20;
}

/** Like mrcfile: one image (space group 0, nz = 1) has no nav axis; volume stacks split nz; else a flat stack. */
function proposedNav(h: MrcHeader): number[] {
  if (isVolumeStack(h)) return [h.nz / h.mz, h.mz];
  if (h.nz === 1 && h.ispg === 0) return [];
  return [h.nz];
}

function resolveMrcNav(request: OpenRequest, h: MrcHeader) {
  const proposal = proposedNav(h);
  if (proposal.length === 0 && request.navShape === undefined && !request.syncOffset) {
    return { navShape: [], syncOffset: 0, imageCount: h.nz };
  }
  return resolveNav(request, h.nz, proposal.length > 0 ? proposal : [1]);
}

function resolveSig(request: OpenRequest, h: MrcHeader): number[] {
  const native = [h.ny, h.nx];
  const sig = request.sigShape ?? native;
  if (!Array.isArray(sig) || sig.length === 0 || sig.some((n) => !Number.isInteger(n) || n <= 0) || product(sig) !== h.nx * h.ny) {
    throw new StemflowError('SHAPE_MISMATCH', `sig shape [${String(sig)}] does not fit ${request.path}: its frames are ${h.ny}×${h.nx} (${formatCount(h.nx * h.ny)} pixels); a sig shape must have that many pixels`);
  }
  return sig;
}

function mrcMetadata(path: string, h: MrcHeader, frames: number): DatasetMetadata {
  const fei = readFeiMetadata(path, h);
  const cell = cellPixelSize(h);
  const infoPath = deInfoPath(path);
  const de = infoPath ? readDeInfo(infoPath, frames) : { metadata: {} as DatasetMetadata };
  const metadata: DatasetMetadata = { ...de.metadata, ...fei };
  // The cell (MRC's own calibration) wins over the FEI block; both are in metres here.
  if (cell) metadata.sigPixelSize = { value: cell, unit: 'm' };
  metadata.extra = {
    ...de.metadata.extra,
    ...fei.extra,
    mrc: { mode: h.mode, nxyz: [h.nx, h.ny, h.nz], nsymbt: h.nsymbt, exttyp: h.exttyp, nversion: h.nversion, ispg: h.ispg, byteOrder: h.byteOrder, hasMapId: h.hasMapId },
    ...(de.scanShapeHint ? { scanShapeHint: de.scanShapeHint } : {}),
  };
  return metadata;
}

/** MRC / MRC2014 image stacks, including FEI1/FEI2 extended headers and Direct Electron movies. */
export const mrcReader: FormatReader = {
  id: 'mrc',
  title: 'MRC / MRC2014 image stack',
  detect: (path, head) => (hasMapId(head) ? 100 : EXTENSIONS.includes(extname(path).toLowerCase()) ? 10 : 0),

  describe(request: OpenRequest): DatasetDescriptor {
    const path = request.path;
    const { bytes, size } = readHead(path, MRC_HEADER_BYTES, 'MRC header');
    const h = parseMrcHeader(bytes, path, size);
    const mode = mrcMode(h.mode, h.unsignedBytes, path);
    if (request.dtype !== undefined && request.dtype !== mode.dtype) {
      throw new StemflowError('SHAPE_MISMATCH', `${path} is MRC mode ${h.mode}, read as ${mode.dtype}; its dtype cannot be changed (drop --dtype)`);
    }
    if (h.dataOffset > size) {
      throw new StemflowError('FILE_CORRUPT', `${path} announces a ${formatCount(h.nsymbt)}-byte extended header, but the file has only ${formatCount(size)} bytes: the header is corrupt or the file truncated`);
    }
    const frameBytes = mode.rowBytes(h.nx) * h.ny;
    const needed = h.dataOffset + h.nz * frameBytes;
    if (needed > size) {
      throw new StemflowError(
        'SHAPE_MISMATCH',
        `${path} has ${formatCount(size)} bytes but its header (${h.nz} × ${h.ny} × ${h.nx}, mode ${h.mode} = ${mode.dtype}${h.nsymbt ? `, ${formatCount(h.nsymbt)}-byte extended header` : ''}) needs ${formatCount(needed)}: the file is truncated or the header corrupt`,
      );
    }
    const sigShape = resolveSig(request, h);
    const nav = resolveMrcNav(request, h);
    const metadata = mrcMetadata(path, h, h.nz);
    if (size > needed) metadata.extra = { ...metadata.extra, trailingBytes: size - needed };
    const params: MrcParams = { mode: h.mode, nx: h.nx, ...(h.unsignedBytes ? { unsignedBytes: true } : {}) };
    return { path, format: 'mrc', sigShape, dtype: mode.dtype, byteOrder: h.byteOrder, offset: h.dataOffset, ...nav, params: params as unknown as Record<string, unknown>, metadata };
  },

  open(d: DatasetDescriptor): DataSet {
    const params = d.params as unknown as MrcParams;
    const mode = mrcMode(params.mode, params.unsignedBytes ?? false, d.path);
    const pixels = product(d.sigShape);
    const frameBytes = (mode.rowBytes(params.nx) * pixels) / params.nx;
    const width = d.sigShape[d.sigShape.length - 1]!;
    const decode = mode.packed === 'float16' ? float16Decoder(d.byteOrder === 'little', width) : mode.packed === 'uint4' ? uint4Decoder(params.nx, width) : undefined;
    return new FramedSource(d, {
      files: [d.path],
      imageCount: d.imageCount ?? Math.max(1, product(d.navShape)),
      encodedFrameBytes: frameBytes,
      locate: (i) => ({ file: 0, offset: d.offset + i * frameBytes }),
      ...(decode ? { decode } : {}),
    });
  },
};
