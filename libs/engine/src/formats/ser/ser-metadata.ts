import { basename } from 'node:path';
import type { DatasetMetadata } from '../descriptor';
import { readBytes } from '../file-io';
import { chooseBlock, emiMetadata, findEmi, readEmiBlocks } from './emi-metadata';
import type { SerAxisCalibration } from './ser-element';
import { readOffsets } from './ser-header';
import type { SerLayout } from './ser-layout';

/**
 * Calibrations from the .ser itself (pixel size of the frames, scan step of the navigation
 * axes, time stamp of the first element) merged with the microscope settings of the `.emi`.
 */
export function serMetadata(layout: SerLayout, navAxes: number): DatasetMetadata {
  const { header, first } = layout;
  const metadata: DatasetMetadata = {};
  const sig = pixelSize(first.y, first.x);
  if (sig) metadata.sigPixelSize = sig;
  // Dimensions are listed fastest first: Dim-1 is x, Dim-2 is y of a 2-D scan.
  const [dimX, dimY] = header.dimensions.filter((d) => d.size > 1);
  if (navAxes === 2 && dimX && dimY && dimX.units === 'meters' && dimY.units === 'meters') {
    metadata.navPixelSize = { value: [Math.abs(dimY.calibrationDelta), Math.abs(dimX.calibrationDelta)], unit: 'm' };
  }
  const extra: Record<string, unknown> = {
    seriesVersion: `0x${header.version.toString(16).padStart(4, '0')}`,
    totalElements: header.totalElements,
    validElements: header.validElements,
    dimensions: header.dimensions.map((d) => ({ size: d.size, offset: d.calibrationOffset, delta: d.calibrationDelta, element: d.calibrationElement, description: d.description, units: d.units })),
    frameCalibration: { x: first.x, y: first.y },
  };
  const time = firstTagTime(layout);
  if (time) metadata.acquisitionTime = time;

  const emi = findEmi(header.path);
  if (emi) {
    const block = chooseBlock(readEmiBlocks(emi.path), emi.serIndex);
    if (block) {
      const fromEmi = emiMetadata(block);
      Object.assign(extra, fromEmi.extra, { emiFile: basename(emi.path) });
      Object.assign(metadata, fromEmi, { extra });
    }
  }
  metadata.extra = extra;
  return metadata;
}

/**
 * TIA's frame calibration has no unit. Real-space pixels are far below a millimetre and
 * reciprocal-space pixels far above 1/mm, so the magnitude tells them apart safely.
 */
function pixelSize(y: SerAxisCalibration, x: SerAxisCalibration): DatasetMetadata['sigPixelSize'] {
  const [dy, dx] = [Math.abs(y.delta), Math.abs(x.delta)];
  if (!(dy > 0 && dx > 0) || !Number.isFinite(dy) || !Number.isFinite(dx)) return undefined;
  if (dy < 1e-3 && dx < 1e-3) return { value: [dy, dx], unit: 'm' };
  if (dy > 1e3 && dx > 1e3) return { value: [dy, dx], unit: '1/m' };
  return undefined;
}

/**
 * The time tag of the first element: seconds since 1970 of the microscope PC's wall clock
 * (it agrees with the .emi's local AcquireDate), so written without a time zone.
 */
function firstTagTime(layout: SerLayout): string | undefined {
  const [offset] = readOffsets(layout.header, 'tag', 1);
  if (offset === undefined || offset + 8 > layout.header.fileSize) return undefined;
  const bytes = readBytes(layout.header.path, offset, 8);
  if (bytes.length < 8) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, 8);
  if (view.getUint16(0, true) !== layout.header.tagTypeId) return undefined;
  const date = new Date(view.getUint32(4, true) * 1000);
  const year = date.getUTCFullYear();
  return year >= 1990 && year < 2200 ? date.toISOString().slice(0, 19) : undefined;
}
