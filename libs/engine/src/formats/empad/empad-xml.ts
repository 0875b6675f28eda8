import { basename } from 'node:path';
import { StemflowError } from '@stemflow/plugin-sdk';
import type { DatasetMetadata } from '../descriptor';
import { readSmallText } from '../mrc/read-head';
import { childAt, findElement, numberAt, parseXml, XmlSyntaxError, type XmlElement } from './mini-xml';

const MAX_XML_BYTES = 4 * 1024 * 1024;

/** A scan shape the XML (or the raw file's name) suggests, and where it comes from. */
export interface NavCandidate {
  source: string;
  shape: number[];
}

/** What an EMPAD acquisition XML says. */
export interface EmpadXml {
  /** The raw file's name (no folder: EMPAD writes it beside the XML). */
  rawFile: string;
  navCandidates: NavCandidate[];
  metadata: DatasetMetadata;
}

function positiveInt(value: number | undefined): number | undefined {
  return value !== undefined && Number.isInteger(value) && value > 0 ? value : undefined;
}

/** Scan shapes from the raw file's name, as EMPAD names it: `scan_x<X>_y<Y>.raw`, `series_x<N>.raw`. */
export function navFromRawName(rawFile: string): NavCandidate[] {
  const scan = /scan_x(\d+)_y(\d+)/.exec(rawFile);
  if (scan) return [{ source: `file name ${rawFile}`, shape: [Number(scan[2]), Number(scan[1])] }];
  const series = /series_x(\d+)/.exec(rawFile);
  if (series) return [{ source: `file name ${rawFile}`, shape: [Number(series[1])] }];
  return [];
}

/**
 * The readers disagree on where the scan is (see the data README): HyperSpy uses pix_x/pix_y or
 * series_count; LiberTEM uses scan_parameters mode "acquire", then "search", or count. All of them
 * are collected here, in that order; the reader keeps the first that matches the raw file's size.
 */
function navCandidates(root: XmlElement, rawFile: string): NavCandidate[] {
  const candidates: NavCandidate[] = [];
  const series = positiveInt(numberAt(childAt(root, ['scan_parameters', 'series_count']))) ?? positiveInt(numberAt(childAt(root, ['count'])));
  if (series !== undefined) candidates.push({ source: 'series count', shape: [series] });
  const pixX = positiveInt(numberAt(childAt(root, ['pix_x'])));
  const pixY = positiveInt(numberAt(childAt(root, ['pix_y'])));
  if (pixX !== undefined && pixY !== undefined) candidates.push({ source: 'pix_x/pix_y', shape: [pixY, pixX] });
  for (const mode of ['acquire', 'search', undefined]) {
    const params = mode ? findElement(root, 'scan_parameters', ['mode', mode]) : findElement(root, 'scan_parameters');
    const x = positiveInt(numberAt(params && childAt(params, ['scan_resolution_x'])));
    const y = positiveInt(numberAt(params && childAt(params, ['scan_resolution_y'])));
    if (x !== undefined && y !== undefined) candidates.push({ source: `scan_parameters${mode ? ` mode="${mode}"` : ''}`, shape: [y, x] });
  }
  return [...candidates, ...navFromRawName(rawFile)];
}

/** The first of several element paths below iom_measurements that holds a number. */
function iomNumber(root: XmlElement, ...paths: string[][]): number | undefined {
  const iom = childAt(root, ['iom_measurements']);
  if (!iom) return undefined;
  for (const path of paths) {
    const value = numberAt(childAt(iom, path));
    if (value !== undefined) return value;
  }
  return undefined;
}

/** "[4.56e-06, 4.56e-06]" → [x, y]. */
function pair(text: string | undefined): [number, number] | undefined {
  const m = text ? /^\s*\[\s*([^,\]]+)\s*,\s*([^,\]]+)\s*\]\s*$/.exec(text) : null;
  if (!m) return undefined;
  const a = Number(m[1]);
  const b = Number(m[2]);
  return Number.isFinite(a) && Number.isFinite(b) ? [a, b] : undefined;
}

/**
 * Physical metadata. Units, where the XML does not say them: voltages in V, camera length in m
 * (both from the microscope); scan rotation in radians (the microscope's scripting unit);
 * exposure_time in ms (EMPAD frames take about 1 ms); calibrated_pixelsize read as HyperSpy does
 * (× 1e9 → 1/nm per detector pixel).
 */
function empadMetadata(root: XmlElement): DatasetMetadata {
  const metadata: DatasetMetadata = {};
  const stamp = Number(childAt(root, ['timestamp'])?.attrs.timestamp);
  if (Number.isFinite(stamp) && stamp > 0) metadata.acquisitionTime = new Date(stamp * 1000).toISOString();
  const volts = iomNumber(root, ['source.get_voltage'], ['high_voltage']);
  if (volts !== undefined && volts > 0) metadata.beamEnergy = volts;
  const cameraLength = iomNumber(root, ['optics.get_cameralength'], ['nominal_camera_length']);
  if (cameraLength !== undefined && cameraLength > 0) metadata.cameraLength = cameraLength;
  const rotation = iomNumber(root, ['column.get_scanrotation'], ['scan_rotation']);
  if (rotation !== undefined) metadata.scanRotation = (rotation * 180) / Math.PI;
  const exposureMs = numberAt(childAt(root, ['exposure_time']));
  if (exposureMs !== undefined && exposureMs > 0) metadata.exposureTime = exposureMs / 1000;
  const pixel = iomNumber(root, ['calibrated_pixelsize']);
  if (pixel !== undefined && pixel > 0) metadata.sigPixelSize = { value: [pixel * 1e9, pixel * 1e9], unit: '1/nm' };
  const iom = childAt(root, ['iom_measurements']);
  const fovPair = pair(childAt(root, ['iom_measurements', 'optics.get_full_scan_field_of_view'])?.text);
  const fovX = fovPair?.[0] ?? numberAt(iom && childAt(iom, ['full_scan_field_of_view', 'x']));
  const fovY = fovPair?.[1] ?? numberAt(iom && childAt(iom, ['full_scan_field_of_view', 'y']));
  metadata.extra = {
    empad: {
      softwareVersion: childAt(root, ['software_version'])?.text.trim(),
      type: childAt(root, ['type'])?.text.trim(),
      ...(fovX !== undefined && fovY !== undefined ? { fullScanFieldOfView: [fovY, fovX] } : {}),
      ...(iomNumber(root, ['calibrated_diffraction_angle']) !== undefined ? { calibratedDiffractionAngle: iomNumber(root, ['calibrated_diffraction_angle']) } : {}),
    },
  };
  return metadata;
}

export function readEmpadXml(path: string): EmpadXml {
  let root: XmlElement;
  try {
    root = parseXml(readSmallText(path, MAX_XML_BYTES, 'EMPAD XML'));
  } catch (error) {
    if (error instanceof XmlSyntaxError) throw new StemflowError('FILE_CORRUPT', `${path} is not well-formed XML: ${error.message}`, { cause: error });
    throw error;
  }
  const name = childAt(root, ['raw_file'])?.attrs.filename ?? findElement(root, 'raw_file')?.attrs.filename;
  if (!name || !name.trim()) {
    throw new StemflowError('FORMAT_UNKNOWN', `${path} names no raw data file (<raw_file filename="…"/>): it is not an EMPAD acquisition XML`);
  }
  // Only the name counts: the raw file lies beside the XML, and a path must not lead out of the data folder.
  const rawFile = basename(name.trim().replace(/\\/g, '/'));
  return { rawFile, navCandidates: navCandidates(root, rawFile), metadata: empadMetadata(root) };
}
