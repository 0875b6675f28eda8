import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { DatasetMetadata } from '../descriptor';
import { readSmallText } from './read-head';

const MAX_INFO_BYTES = 4 * 1024 * 1024;

/**
 * The `<dataset>_info.txt` that DE-Server writes beside `<dataset>_movie.mrc`: one
 * `Key = Value` per line. It holds the scan (the movie itself is a flat frame stack).
 */
export function deInfoPath(mrcPath: string): string | undefined {
  const name = basename(mrcPath);
  const stem = name.replace(/_movie\.mrc$/i, '').replace(/\.mrc$/i, '');
  const candidate = join(dirname(mrcPath), `${stem}_info.txt`);
  return existsSync(candidate) && statSync(candidate).isFile() ? candidate : undefined;
}

export function parseDeInfo(text: string): Map<string, string> {
  const entries = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    entries.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  return entries;
}

function positive(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

/**
 * Metadata from a DE info file, and the scan shape [y, x] when the scan is a plain raster
 * whose size matches the number of frames (Random and XY-File scans list their positions in
 * `*_scan_coordinates.csv` instead; they stay a flat stack).
 */
export function readDeInfo(infoPath: string, frames: number): { metadata: DatasetMetadata; scanShapeHint?: number[] } {
  const info = parseDeInfo(readSmallText(infoPath, MAX_INFO_BYTES, 'DE info file'));
  const metadata: DatasetMetadata = {};
  const volts = positive(info.get('Instrument Accelerating Voltage (V)'));
  if (volts !== undefined) metadata.beamEnergy = volts;
  const exposureNs = positive(info.get('Frame Exposure Time (nanoseconds)'));
  if (exposureNs !== undefined) metadata.exposureTime = exposureNs * 1e-9;
  const cameraLengthCm = positive(info.get('Instrument Project Camera Length (centimeters)'));
  if (cameraLengthCm !== undefined) metadata.cameraLength = cameraLengthCm / 100;
  const epoch = positive(info.get('Timestamp (seconds since Epoch)'));
  if (epoch !== undefined) metadata.acquisitionTime = new Date(epoch * 1000).toISOString();

  const scanType = info.get('Scan - Type');
  const sizeX = positive(info.get('Scan - Size X'));
  const sizeY = positive(info.get('Scan - Size Y'));
  const roiEnabled = info.get('Scan - ROI Enable') === 'Enable';
  const scan: Record<string, unknown> = { type: scanType, size: sizeX && sizeY ? [sizeY, sizeX] : undefined, roiEnabled };
  if (roiEnabled) scan.roi = { offset: [positive(info.get('Scan - ROI Offset Y')) ?? 0, positive(info.get('Scan - ROI Offset X')) ?? 0], size: [positive(info.get('Scan - ROI Size Y')), positive(info.get('Scan - ROI Size X'))] };
  const coordinates = infoPath.replace(/_info\.txt$/, '_scan_coordinates.csv');
  if (existsSync(coordinates)) scan.coordinatesFile = coordinates;
  metadata.extra = {
    deInfo: infoPath,
    camera: info.get('Camera Model'),
    scan,
    diffractionPixelSize: [info.get('Diffraction Pixel Size Y'), info.get('Diffraction Pixel Size X')],
    framesPerSecond: positive(info.get('Frames Per Second')),
  };
  const raster = scanType === 'Raster' && !roiEnabled && sizeX !== undefined && sizeY !== undefined && Number.isInteger(sizeX) && Number.isInteger(sizeY);
  return raster && sizeX! * sizeY! === frames ? { metadata, scanShapeHint: [sizeY!, sizeX!] } : { metadata };
}
