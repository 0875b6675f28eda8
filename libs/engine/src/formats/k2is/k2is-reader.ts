import { existsSync } from 'node:fs';
import { extname } from 'node:path';
import { StemflowError } from '@stemflow/plugin-sdk';
import type { DatasetDescriptor, DatasetMetadata, OpenRequest } from '../descriptor';
import { fileSize } from '../file-io';
import type { FormatReader } from '../format-reader';
import { resolveNav } from '../nav';
import { readDmTags } from './dm-tags';
import { K2isDataSet, type K2isParams } from './k2is-dataset';
import { FRAME_SHAPE, isValidBlock, parseBlockHeader, SectorFile, sectorFiles, syncSectors } from './k2is-layout';

/** Scan shape and microscope facts from the `.gtg` (a DM file), when there is one that can be read. */
function gtgFacts(gtg: string): { scan?: number[]; metadata: DatasetMetadata } {
  if (!existsSync(gtg)) return { metadata: {} };
  let tags: Map<string, number | string>;
  try {
    tags = readDmTags(gtg);
  } catch {
    return { metadata: { extra: { gtg: 'unreadable' } } };
  }
  const find = (suffix: string) => [...tags.entries()].find(([k, v]) => k.endsWith(suffix) && typeof v === 'number')?.[1] as number | undefined;
  const ny = find('SI Dimensions.Size Y');
  const nx = find('SI Dimensions.Size X');
  const metadata: DatasetMetadata = {};
  const voltage = find('Microscope Info.Voltage');
  if (voltage !== undefined) metadata.beamEnergy = voltage;
  const cameraMm = find('Microscope Info.STEM Camera Length');
  if (cameraMm !== undefined) metadata.cameraLength = cameraMm / 1000;
  const valid = (n: number | undefined) => n !== undefined && Number.isInteger(n) && n > 0;
  return { scan: valid(ny) && valid(nx) ? [ny!, nx!] : undefined, metadata };
}

function describeK2is(request: OpenRequest): DatasetDescriptor {
  const path = request.path;
  if (fileSize(path) === 0) throw new StemflowError('FILE_CORRUPT', `${path} is empty (0 bytes)`);
  const { files, gtg } = sectorFiles(path);
  const sectors = files.map((f) => new SectorFile(f));
  let sync;
  try {
    sync = syncSectors(sectors);
  } finally {
    for (const s of sectors) s.close();
  }
  if (sync.imageCount === 0) throw new StemflowError('FILE_CORRUPT', `${path}: the sector files hold no complete frame`);
  if (request.sigShape && (request.sigShape.length !== 2 || request.sigShape[0] !== FRAME_SHAPE[0] || request.sigShape[1] !== FRAME_SHAPE[1])) {
    throw new StemflowError('SHAPE_MISMATCH', `${path}: K2IS frames are ${FRAME_SHAPE.join('×')}; the sig shape cannot be changed`);
  }
  if (request.dtype !== undefined && request.dtype !== 'uint16') throw new StemflowError('SHAPE_MISMATCH', `${path}: K2IS pixels are 12-bit, delivered as uint16 (got dtype ${request.dtype})`);
  const { scan, metadata } = gtgFacts(gtg);
  // The scan starts with the first frame whose shutter-active flag is set.
  const detectedOffset = sync.firstShutterFrame ?? 0;
  const syncOffset = request.syncOffset ?? detectedOffset;
  const proposed = scan ?? [sync.imageCount - Math.max(0, syncOffset)];
  const nav = resolveNav({ ...request, syncOffset }, sync.imageCount, proposed);
  const params: K2isParams = { files, firstBlocks: sync.firstBlocks };
  return {
    path,
    format: 'k2is',
    sigShape: [...FRAME_SHAPE],
    dtype: 'uint16',
    byteOrder: 'little',
    offset: 0,
    ...nav,
    params: { ...params },
    metadata: { ...metadata, extra: { ...(metadata.extra ?? {}), detectedSyncOffset: detectedOffset, shutterFlagFound: sync.firstShutterFrame !== undefined } },
  };
}

/** Gatan K2 IS: 8 sector files of 12-bit packed blocks, plus a `.gtg` with the scan shape. */
export const k2isReader: FormatReader = {
  id: 'k2is',
  title: 'Gatan K2 IS (8 .bin sector files + .gtg)',
  detect(path, head) {
    const ext = extname(path).toLowerCase();
    if (ext === '.gtg') return 10;
    if (ext !== '.bin') return 0;
    return head.length >= 40 && isValidBlock(parseBlockHeader(head)) ? 100 : 0;
  },
  describe: describeK2is,
  open: (descriptor) => new K2isDataSet(descriptor),
};
