import { extname } from 'node:path';
import { bytesPerElement, formatCount, product, StemflowError } from '@stemflow/plugin-sdk';
import type { DatasetDescriptor, DatasetMetadata, OpenRequest } from '../descriptor';
import { FramedSource, type DataSet } from '../framed-source';
import type { FormatReader } from '../format-reader';
import { resolveNav } from '../nav';
import { readHead } from '../mrc/read-head';
import { CeleritasSource, findCeleritasHalves, isCeleritasHalfName, type CeleritasParams } from './celeritas';
import type { DeConfig } from './de-config';
import { findCorrections, tryReadDeConfig, type SeqCorrections } from './seq-corrections';
import { frameSlots, hasSeqMagic, parseSeqHeader, SEQ_HEADER_BYTES, seqFrameCount, type SeqHeader } from './seq-header';
import { timingOf } from './seq-timestamps';

/** Frames of one `.seq` file at a fixed stride; carried in `descriptor.params`. */
interface PlainParams {
  variant: 'plain';
  imageOffset: number;
  stride: number;
}

function readHeader(path: string): { header: SeqHeader; size: number } {
  const { bytes, size } = readHead(path, SEQ_HEADER_BYTES, 'SEQ header');
  return { header: parseSeqHeader(bytes, path), size };
}

function checkDtype(request: OpenRequest, header: SeqHeader): void {
  if (request.dtype !== undefined && request.dtype !== header.dtype) {
    throw new StemflowError('SHAPE_MISMATCH', `${request.path} stores ${header.bitDepth}-bit pixels (${header.dtype}); its dtype cannot be changed (drop --dtype)`);
  }
}

function resolveSig(request: OpenRequest, native: number[], reshapeAllowed: boolean): number[] {
  const sig = request.sigShape ?? native;
  const valid = Array.isArray(sig) && sig.length > 0 && sig.every((n) => Number.isInteger(n) && n > 0);
  const fits = valid && (reshapeAllowed ? product(sig) === product(native) : sig.length === native.length && sig.every((n, i) => n === native[i]));
  if (!fits) {
    throw new StemflowError('SHAPE_MISMATCH', `sig shape [${String(sig)}] does not fit ${request.path}: its frames are ${native.join('×')}${reshapeAllowed ? ` (${formatCount(product(native))} pixels)` : ''}`);
  }
  return sig;
}

/** Physical facts: acquisition start from the first frame's timestamp, DE FileInfo values, correction files found. */
function seqMetadata(path: string, header: SeqHeader, frames: number, fileSize: number, config: DeConfig | undefined, corrections: SeqCorrections): DatasetMetadata {
  const metadata: DatasetMetadata = {};
  const timing = timingOf(path, header, frames);
  if (timing.start) metadata.acquisitionTime = timing.start;
  const info = config?.fileInfo ?? {};
  const kv = Number(info.HT);
  if (Number.isFinite(kv) && kv > 0) metadata.beamEnergy = kv * 1000;
  const pixelNm = Number(info.PixelSize);
  if (Number.isFinite(pixelNm) && pixelNm > 0) metadata.sigPixelSize = { value: [pixelNm, pixelNm], unit: 'nm' };
  metadata.extra = {
    seq: {
      version: header.version,
      bitDepthReal: header.bitDepthReal,
      suggestedFps: header.fps,
      framesInHeader: header.allocatedFrames,
      frameSlotsInFile: frameSlots(header, fileSize),
      ...(timing.frameInterval !== undefined ? { frameInterval: timing.frameInterval } : {}),
      ...(header.description ? { description: header.description } : {}),
    },
    ...(config ? { deConfig: { path: config.path, ...info } } : {}),
    corrections: {
      dark: corrections.dark?.path,
      gain: corrections.gain?.path,
      excludedPixels: corrections.excludedPixels ? { source: corrections.excludedPixels.source, defects: corrections.excludedPixels.defects.length } : undefined,
    },
    ...(corrections.warnings.length ? { warnings: corrections.warnings } : {}),
  };
  return metadata;
}

function describePlain(request: OpenRequest): DatasetDescriptor {
  const path = request.path;
  const { header, size } = readHeader(path);
  checkDtype(request, header);
  const imageCount = seqFrameCount(header, size, path);
  const native: [number, number] = [header.height, header.width];
  const sigShape = resolveSig(request, native, true);
  // The scan shape is not in the file: a flat stack unless the user says otherwise.
  const nav = resolveNav(request, imageCount, [imageCount]);
  const warnings: string[] = [];
  const config = tryReadDeConfig(`${path}.Config.Metadata.xml`, warnings);
  const corrections = findCorrections(path, native, config, warnings);
  const params: PlainParams & { corrections: SeqCorrections } = { variant: 'plain', imageOffset: header.imageOffset, stride: header.trueImageSize, corrections };
  return {
    path,
    format: 'seq',
    sigShape,
    dtype: header.dtype,
    byteOrder: 'little',
    offset: header.imageOffset,
    ...nav,
    params: params as unknown as Record<string, unknown>,
    metadata: seqMetadata(path, header, imageCount, size, config, corrections),
  };
}

const SAME_LAYOUT: (keyof SeqHeader)[] = ['version', 'width', 'height', 'bitDepth', 'imageSizeBytes', 'trueImageSize'];

function segmentPreBuffer(request: OpenRequest, config: DeConfig | undefined, header: SeqHeader): number {
  const given = request.params?.segmentPreBuffer ?? config?.fileInfo.SegmentPreBuffer;
  if (given === undefined) {
    throw new StemflowError('SHAPE_MISMATCH', `${request.path}: the Celeritas SegmentPreBuffer (frames per stored buffer) is unknown because no .Config.Metadata.xml is beside the files; pass it as the reader param segmentPreBuffer`);
  }
  const n = Number(given);
  if (!Number.isInteger(n) || n < 1 || header.height % n !== 0) {
    throw new StemflowError('SHAPE_MISMATCH', `${request.path}: SegmentPreBuffer ${String(given)} does not divide the ${header.height} rows of a stored buffer frame; check the .Config.Metadata.xml or the reader param segmentPreBuffer`);
  }
  return n;
}

function describeCeleritas(request: OpenRequest): DatasetDescriptor {
  const files = findCeleritasHalves(request.path, request.params ?? {});
  const top = readHeader(files.top);
  const bottom = readHeader(files.bottom);
  for (const key of SAME_LAYOUT) {
    if (top.header[key] !== bottom.header[key]) {
      throw new StemflowError('SHAPE_MISMATCH', `the Celeritas halves disagree on ${key} (${String(top.header[key])} in ${files.top}, ${String(bottom.header[key])} in ${files.bottom}): they are not one recording`);
    }
  }
  checkDtype(request, top.header);
  const buffers = seqFrameCount(top.header, top.size, files.top);
  const bottomBuffers = seqFrameCount(bottom.header, bottom.size, files.bottom);
  if (buffers !== bottomBuffers) {
    throw new StemflowError('SHAPE_MISMATCH', `the Celeritas halves hold different frame counts (${buffers} in ${files.top}, ${bottomBuffers} in ${files.bottom}): one of them is truncated`);
  }
  const warnings: string[] = [];
  const config = tryReadDeConfig(`${files.root}.Config.Metadata.xml`, warnings);
  const perBuffer = segmentPreBuffer(request, config, top.header);
  const imageCount = buffers * perBuffer;
  const native: [number, number] = [(2 * top.header.height) / perBuffer, top.header.width];
  const sigShape = resolveSig(request, native, false);
  const nav = resolveNav(request, imageCount, [imageCount]);
  const corrections = findCorrections(files.root, native, config, warnings);
  const params: CeleritasParams & { corrections: SeqCorrections } = {
    variant: 'celeritas',
    top: files.top,
    bottom: files.bottom,
    segmentPreBuffer: perBuffer,
    bufferRows: top.header.height,
    imageOffset: top.header.imageOffset,
    stride: top.header.trueImageSize,
    corrections,
  };
  const metadata = seqMetadata(files.top, top.header, buffers, top.size, config, corrections);
  metadata.extra = { ...metadata.extra, celeritas: { top: files.top, bottom: files.bottom, segmentPreBuffer: perBuffer } };
  return { path: request.path, format: 'seq', sigShape, dtype: top.header.dtype, byteOrder: 'little', offset: top.header.imageOffset, ...nav, params: params as unknown as Record<string, unknown>, metadata };
}

function wantsCeleritas(request: OpenRequest): boolean {
  const params = request.params ?? {};
  if (params.celeritas === false) return false;
  if (request.format === 'seq-celeritas' || params.celeritas === true) return true;
  if (typeof params.top === 'string' && typeof params.bottom === 'string') return true;
  return isCeleritasHalfName(request.path);
}

/** Norpix StreamPix `.seq`, including Direct Electron files and split Celeritas (Top/Bottom) recordings. */
export const seqReader: FormatReader = {
  id: 'seq',
  title: 'Norpix StreamPix SEQ (Direct Electron, Celeritas)',
  aliases: ['seq-celeritas'],
  detect: (path, head) => (hasSeqMagic(head) ? 100 : extname(path).toLowerCase() === '.seq' ? 10 : 0),
  describe: (request) => (wantsCeleritas(request) ? describeCeleritas(request) : describePlain(request)),
  open(d: DatasetDescriptor): DataSet {
    const params = d.params as unknown as PlainParams | CeleritasParams;
    if (params.variant === 'celeritas') return new CeleritasSource(d);
    const frameBytes = product(d.sigShape) * bytesPerElement(d.dtype);
    return new FramedSource(d, {
      files: [d.path],
      imageCount: d.imageCount ?? product(d.navShape),
      encodedFrameBytes: frameBytes,
      locate: (i) => ({ file: 0, offset: params.imageOffset + i * params.stride }),
    });
  },
};
