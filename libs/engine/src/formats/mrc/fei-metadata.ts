import type { DatasetMetadata } from '../descriptor';
import { readBytes } from '../file-io';
import { MRC_HEADER_BYTES, type MrcHeader } from './mrc-header';
import { fixedString } from './read-head';

/** Bytes of one FEI metadata block: 768 in metadata version 0/1 (FEI1), 888 in version 2 (FEI2). */
const FEI1_BLOCK = 768;
const FEI2_BLOCK = 888;
/** Days between 1899-12-30 (the epoch of FEI/OLE timestamps) and 1970-01-01. */
const OLE_TO_UNIX_DAYS = 25569;

/**
 * Physical metadata from the first block of an FEI1/FEI2 extended header (Thermo Fisher EPU/Velox,
 * "MRC 2014 specifications" as in mrcfile's FEI_EXTENDED_HEADER_DTYPE). Little-endian per the
 * writer; only finite, non-zero values are kept.
 */
export function readFeiMetadata(path: string, header: MrcHeader): DatasetMetadata {
  if (header.exttyp !== 'FEI1' && header.exttyp !== 'FEI2') return {};
  if (header.nsymbt < FEI1_BLOCK) return {};
  const block = readBytes(path, MRC_HEADER_BYTES, Math.min(header.nsymbt, FEI2_BLOCK));
  if (block.length < FEI1_BLOCK) return {};
  const view = new DataView(block.buffer, block.byteOffset, block.byteLength);
  const blockSize = view.getInt32(0, true);
  const version = view.getInt32(4, true);
  if (blockSize < FEI1_BLOCK || blockSize > header.nsymbt) return {};
  const f64 = (o: number) => {
    const v = view.getFloat64(o, true);
    return Number.isFinite(v) && v !== 0 ? v : undefined;
  };
  const meta: DatasetMetadata = {};
  const ht = f64(84);
  if (ht !== undefined && ht > 0) meta.beamEnergy = ht; // volts → electronvolts for electrons
  const px = f64(156);
  const py = f64(164);
  if (px !== undefined && py !== undefined && px > 0 && py > 0) meta.sigPixelSize = { value: [py, px], unit: 'm' };
  const cameraLength = f64(301);
  if (cameraLength !== undefined && cameraLength > 0) meta.cameraLength = cameraLength;
  const days = f64(12);
  if (days !== undefined && days > OLE_TO_UNIX_DAYS) {
    const date = new Date((days - OLE_TO_UNIX_DAYS) * 86_400_000);
    if (!Number.isNaN(date.getTime())) meta.acquisitionTime = date.toISOString();
  }
  const extra: Record<string, unknown> = { feiMetadataVersion: version };
  // The specification does not say the unit of the FEI2 scan rotation, so it stays raw.
  if (blockSize >= FEI2_BLOCK && block.length >= FEI2_BLOCK) {
    const rotation = view.getFloat64(768, true);
    if (Number.isFinite(rotation)) extra.scanRotation = rotation;
  }
  const strings: [string, number][] = [
    ['microscope', 20],
    ['application', 52],
    ['applicationVersion', 68],
    ['cameraName', 435],
    ['stemDetector', 519],
  ];
  for (const [key, offset] of strings) {
    const text = fixedString(block, offset, 16).trim();
    if (text && /^[\x20-\x7e]+$/.test(text)) extra[key] = text;
  }
  const dwell = f64(571);
  if (dwell !== undefined) extra.dwellTime = dwell;
  const frameTime = f64(579);
  if (frameTime !== undefined) extra.frameTime = frameTime;
  meta.extra = { fei: extra };
  return meta;
}
