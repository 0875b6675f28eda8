import { existsSync } from 'node:fs';
import { extname } from 'node:path';
import { StemflowError } from '@stemflow/plugin-sdk';
import type { DatasetDescriptor, DatasetMetadata, OpenRequest } from '../descriptor';
import type { FormatReader } from '../format-reader';
import { resolveNav } from '../nav';
import { Frms6DataSet, type Frms6Params } from './frms6-dataset';
import { frms6Files, readFrms6Hdr, readFrms6Header } from './frms6-layout';

function describeFrms6(request: OpenRequest): DatasetDescriptor {
  const path = request.path;
  if (extname(path).toLowerCase() === '.frms6') readFrms6Header(path); // the named file must itself be sound
  const { hdr: hdrPath, dark, data } = frms6Files(path);
  const hdr = readFrms6Hdr(hdrPath);
  const headers = data.map(readFrms6Header);
  const first = headers[0]!;
  const odd = headers.find((h) => h.width !== first.width || h.height !== first.height);
  if (odd) throw new StemflowError('FILE_CORRUPT', `${odd.path}: frames of ${odd.width}×${odd.height} differ from ${first.width}×${first.height} in ${first.path}`);
  const darkHeader = dark && existsSync(dark) ? readFrms6Header(dark) : undefined;
  if (darkHeader && (darkHeader.width !== first.width || darkHeader.height !== first.height)) throw new StemflowError('FILE_CORRUPT', `${dark}: dark frames differ in size from the data frames`);
  const sigShape = [2 * first.height * hdr.binning, first.width / 2];
  if (request.sigShape && (request.sigShape.length !== 2 || request.sigShape.some((n, i) => n !== sigShape[i]))) {
    throw new StemflowError('SHAPE_MISMATCH', `${path}: FRMS6 frames unfold to ${sigShape.join('×')}; the sig shape cannot be changed`);
  }
  const darkCorrection = request.params?.darkCorrection === true;
  if (darkCorrection && !darkHeader?.frames) throw new StemflowError('NOT_FOUND', `${path}: darkCorrection needs the dark frames of ${dark ?? 'the _000.frms6 file'}, which are missing`);
  const dtype = darkCorrection ? 'float32' : 'uint16';
  if (request.dtype !== undefined && request.dtype !== dtype) throw new StemflowError('SHAPE_MISMATCH', `${path}: FRMS6 data is delivered as ${dtype}${darkCorrection ? ' (dark-corrected)' : ''}, not ${request.dtype}`);
  const imageCount = headers.reduce((n, h) => n + h.frames, 0);
  const nav = resolveNav(request, imageCount, hdr.scan ?? [imageCount]);
  const params: Frms6Params = {
    files: data,
    counts: headers.map((h) => h.frames),
    ...(darkHeader ? { darkFile: dark, darkFrames: darkHeader.frames } : {}),
    rawShape: [first.height, first.width],
    binning: hdr.binning,
    darkCorrection,
  };
  const metadata: DatasetMetadata = { extra: { hdr: hdr.values } };
  const dwell = Number(hdr.values.dwelltimemicroseconds);
  if (Number.isFinite(dwell) && dwell > 0) metadata.exposureTime = dwell * 1e-6;
  return { path, format: 'frms6', sigShape, dtype, byteOrder: 'little', offset: 0, ...nav, params: { ...params }, metadata };
}

/** PNDetector pnCCD FRMS6: `.hdr` + `_000.frms6` dark frames + data files. */
export const frms6Reader: FormatReader = {
  id: 'frms6',
  title: 'PNDetector pnCCD FRMS6',
  detect(path, head) {
    const ext = extname(path).toLowerCase();
    if (ext === '.frms6') return head.length >= 8 && head[0] === 0 && head[1] === 4 && head[2] === 64 && head[3] === 0 && head[7] === 6 ? 100 : 10;
    if (ext === '.hdr') return new TextDecoder('latin1').decode(head).includes('[measurementInfo]') ? 100 : 0;
    return 0;
  },
  describe: describeFrms6,
  open: (descriptor) => new Frms6DataSet(descriptor),
};
