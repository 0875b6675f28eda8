import type { DatasetMetadata } from '../descriptor';
import type { DmImage } from './dm-image';
import type { DmLayout } from './dm-layout';
import type { DmGroup, DmTagFile } from './dm-tags';
import { findGroup, groupAt, listGroups, numberAt, stringAt } from './dm-tree';

/** One axis calibration from ImageData/Calibrations/Dimension: physical = (index − origin) × scale. */
interface Calibration {
  origin: number;
  scale: number;
  units: string;
}

/** Length units to metres; `1/<unit>` (reciprocal space) uses the inverse factor. */
const LENGTH: Readonly<Record<string, number>> = { m: 1, mm: 1e-3, um: 1e-6, µm: 1e-6, μm: 1e-6, nm: 1e-9, pm: 1e-12, Å: 1e-10, A: 1e-10 };

/** Milliseconds between 1601-01-01 (Windows FILETIME epoch) and 1970-01-01. */
const FILETIME_EPOCH_MS = 11_644_473_600_000;

/** Physical facts in a DM image's tags: calibrations, beam energy, camera length, exposure, times. */
export function dmMetadata(file: DmTagFile, image: DmImage, layout: DmLayout): DatasetMetadata {
  const little = file.littleEndian;
  const calibrations = listGroups(groupAt(image.group, 'ImageData/Calibrations/Dimension')).map(
    (g): Calibration => ({ origin: numberAt(g, 'Origin') ?? 0, scale: numberAt(g, 'Scale') ?? 1, units: stringAt(g, 'Units', little) ?? '' }),
  );
  // Calibrations follow Dimensions: fastest axis first. Which pair is the detector depends on the layout.
  const [sigX, sigY, navX, navY] = layout.order === 'transposed' ? [2, 3, 0, 1] : [0, 1, 2, 3];
  const metadata: DatasetMetadata = {};
  const sigPixel = pixelSize(calibrations[sigY], calibrations[sigX]);
  if (sigPixel) metadata.sigPixelSize = sigPixel;
  if (layout.nav.length === 2) {
    const navPixel = pixelSize(calibrations[navY], calibrations[navX]);
    if (navPixel) metadata.navPixelSize = navPixel;
  }

  const tags = groupAt(image.group, 'ImageTags');
  const microscope = findGroup(tags, 'Microscope Info');
  const voltage = numberAt(microscope, 'Voltage');
  if (voltage !== undefined && voltage > 0) metadata.beamEnergy = voltage; // volts → electronvolts
  const cameraLength = numberAt(microscope, 'STEM Camera Length') ?? numberAt(microscope, 'Camera Length');
  if (cameraLength !== undefined && cameraLength > 0) metadata.cameraLength = cameraLength / 1000; // DM gives mm

  const dataBar = findGroup(tags, 'DataBar');
  const exposure = numberAt(dataBar, 'Exposure Time (s)') ?? numberAt(groupAt(tags, 'Acquisition/Parameters/High Level'), 'Exposure (s)');
  if (exposure !== undefined && exposure > 0) metadata.exposureTime = exposure;

  const time = acquisitionTime(tags, dataBar);
  if (time) metadata.acquisitionTime = time;

  const rotation = numberAt(findGroup(tags, 'DigiScan'), 'Rotation');
  if (rotation !== undefined) metadata.scanRotation = rotation;

  const extra: Record<string, unknown> = {
    dmVersion: file.version,
    imageIndex: image.index,
    dataType: image.dataType,
    dataOrder: layout.order,
    calibrations: calibrations.map((c, axis) => ({ size: image.dims[axis], ...c })),
  };
  const name = stringAt(image.group, 'Name', little);
  if (name) extra.imageName = name;
  const strings: [DmGroup | undefined, string, string][] = [
    [microscope, 'Name', 'microscope'],
    [microscope, 'Illumination Mode', 'illuminationMode'],
    [microscope, 'Imaging Mode', 'imagingMode'],
    [microscope, 'Operation Mode', 'operationMode'],
    [dataBar, 'Acquisition Date', 'acquisitionDate'],
    [dataBar, 'Acquisition Time', 'acquisitionTimeOfDay'],
    [dataBar, 'Device Name', 'device'],
  ];
  for (const [group, tag, key] of strings) {
    const value = stringAt(group, tag, little);
    if (value) extra[key] = value;
  }
  const magnification = numberAt(microscope, 'Indicated Magnification');
  if (magnification) extra.indicatedMagnification = magnification;
  metadata.extra = extra;
  return metadata;
}

/** [y, x] pixel size in one unit: the file's unit when both axes agree, else metres or 1/m. */
function pixelSize(y: Calibration | undefined, x: Calibration | undefined): DatasetMetadata['sigPixelSize'] {
  if (!y || !x || !y.units || !x.units) return undefined; // uncalibrated (pixels)
  if (y.units === x.units) return { value: [y.scale, x.scale], unit: y.units };
  const [fy, uy] = toSI(y.units);
  const [fx, ux] = toSI(x.units);
  if (!uy || uy !== ux) return undefined;
  return { value: [y.scale * fy, x.scale * fx], unit: uy };
}

function toSI(unit: string): [number, string | undefined] {
  if (LENGTH[unit] !== undefined) return [LENGTH[unit], 'm'];
  const inverse = /^1\s*\/\s*(.+)$/u.exec(unit)?.[1];
  if (inverse && LENGTH[inverse] !== undefined) return [1 / LENGTH[inverse], '1/m'];
  return [1, undefined];
}

/** Acquisition start as ISO 8601 UTC, from the epoch tags DM writes (never from locale-formatted date strings). */
function acquisitionTime(tags: DmGroup | undefined, dataBar: DmGroup | undefined): string | undefined {
  const epochMs = numberAt(groupAt(tags, 'Acquisition/Frame/Sequence'), 'Acquisition Start Time (epoch)');
  if (epochMs !== undefined && epochMs > 0) return isoOrUndefined(epochMs);
  const filetime = numberAt(dataBar, 'Acquisition Time (OS)'); // 100-ns ticks since 1601
  if (filetime !== undefined && filetime > 0) return isoOrUndefined(filetime / 1e4 - FILETIME_EPOCH_MS);
  return undefined;
}

function isoOrUndefined(ms: number): string | undefined {
  const date = new Date(ms);
  // Only plausible instrument dates (1990–2200): a corrupt number gives none rather than nonsense.
  return Number.isFinite(date.getTime()) && date.getUTCFullYear() >= 1990 && date.getUTCFullYear() < 2200 ? date.toISOString() : undefined;
}
