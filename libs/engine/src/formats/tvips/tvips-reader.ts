import { extname } from 'node:path';
import { formatCount, product, StemflowError } from '@stemflow/plugin-sdk';
import type { DatasetDescriptor, DatasetMetadata, OpenRequest } from '../descriptor';
import { FramedSource, type DataSet } from '../framed-source';
import type { FormatReader } from '../format-reader';
import { resolveNav } from '../nav';
import { readHead } from '../mrc/read-head';
import { detectScan, firstFrameFacts, FrameHeaderReader } from './tvips-frame-headers';
import { looksLikeTvipsHeader, parseTvipsHeader, TVIPS_HEADER_BYTES, type TvipsHeader } from './tvips-header';
import { locateRecord, tvipsFiles, tvipsLayout } from './tvips-layout';

/** What `open` re-reads: the general header is in `files[0]`; counts are re-derived from file sizes. */
interface TvipsParams {
  files: string[];
}

function readLayout(files: string[]) {
  const { bytes } = readHead(files[0]!, TVIPS_HEADER_BYTES, 'TVIPS general header');
  const header = parseTvipsHeader(bytes, files[0]!);
  return { header, layout: tvipsLayout(files, header) };
}

function tvipsMetadata(header: TvipsHeader, facts: ReturnType<typeof firstFrameFacts>, files: number, scan: ReturnType<typeof detectScan>): DatasetMetadata {
  const metadata: DatasetMetadata = {};
  if (header.highTension > 0) metadata.beamEnergy = header.highTension * 1000;
  // HyperSpy's rule: the pixel size is in 1/nm for diffraction (mode 2), nm otherwise.
  if (header.pixelSize > 0) metadata.sigPixelSize = { value: [header.pixelSize, header.pixelSize], unit: facts.mode === 2 ? '1/nm' : 'nm' };
  if (facts.acquisitionTime) metadata.acquisitionTime = facts.acquisitionTime;
  metadata.extra = {
    tvips: {
      version: header.version,
      files,
      frameHeaderBytes: header.frameHeaderBytes,
      binning: [header.binY, header.binX],
      cameraOffset: [header.offsetY, header.offsetX],
      magTotal: header.magTotal,
      ...(facts.mode ? { mode: facts.mode === 2 ? 'diffraction' : 'imaging' } : {}),
      ...(facts.rotatorIndex ? { rotatorIndex: facts.rotatorIndex } : {}),
      ...(scan ? { detectedScan: scan } : {}),
    },
  };
  return metadata;
}

/** TVIPS recorder streams (`*_000.tvips`, `_001`, …), version 1 and 2. */
export const tvipsReader: FormatReader = {
  id: 'tvips',
  title: 'TVIPS recorder stream',
  detect(path, head) {
    if (extname(path).toLowerCase() !== '.tvips') return 0;
    return looksLikeTvipsHeader(head) ? 100 : 10;
  },

  describe(request: OpenRequest): DatasetDescriptor {
    const files = tvipsFiles(request.path);
    const { header, layout } = readLayout(files);
    if (request.dtype !== undefined && request.dtype !== header.dtype) {
      throw new StemflowError('SHAPE_MISMATCH', `${files[0]} stores ${header.bitsPerPixel}-bit pixels (${header.dtype}); its dtype cannot be changed (drop --dtype)`);
    }
    const native = [header.height, header.width];
    const sigShape = request.sigShape ?? native;
    if (!Array.isArray(sigShape) || sigShape.length === 0 || sigShape.some((n) => !Number.isInteger(n) || n <= 0) || product(sigShape) !== product(native)) {
      throw new StemflowError('SHAPE_MISMATCH', `sig shape [${String(sigShape)}] does not fit ${request.path}: its frames are ${native.join('×')} (${formatCount(product(native))} pixels)`);
    }
    const headers = new FrameHeaderReader(layout, header);
    let scan: ReturnType<typeof detectScan>;
    let facts: ReturnType<typeof firstFrameFacts>;
    try {
      scan = detectScan(headers, header, layout.imageCount);
      facts = firstFrameFacts(headers, layout.imageCount);
    } finally {
      headers.close();
    }
    // The scan found in the frame headers is a proposal; the user's nav shape and sync offset win.
    const syncOffset = request.syncOffset ?? (request.navShape ? 0 : (scan?.syncOffset ?? 0));
    const nav = resolveNav({ ...request, syncOffset }, layout.imageCount, scan?.navShape ?? [layout.imageCount]);
    const params: TvipsParams = { files };
    return {
      path: request.path,
      format: 'tvips',
      sigShape,
      dtype: header.dtype,
      byteOrder: 'little',
      offset: TVIPS_HEADER_BYTES,
      ...nav,
      params: params as unknown as Record<string, unknown>,
      metadata: tvipsMetadata(header, facts, files.length, scan),
    };
  },

  open(d: DatasetDescriptor): DataSet {
    const { files } = d.params as unknown as TvipsParams;
    const { header, layout } = readLayout(files);
    return new FramedSource(d, {
      files,
      imageCount: layout.imageCount,
      encodedFrameBytes: layout.frameBytes,
      locate(i) {
        const { file, offset } = locateRecord(layout, i);
        return { file, offset: offset + header.frameHeaderBytes };
      },
    });
  },
};
