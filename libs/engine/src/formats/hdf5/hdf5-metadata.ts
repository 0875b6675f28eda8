import { existsSync } from 'node:fs';
import type { DatasetMetadata } from '../descriptor';
import { H5File, type H5Entry } from './h5-file';
import type { H5Choice } from './hdf5-select';

/**
 * Calibrations and acquisition facts, from where each convention keeps them. Metadata is a
 * courtesy: a value that cannot be read is left out, it never fails the data set.
 */

type Attrs = Record<string, unknown>;

function num(value: unknown): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

function str(value: unknown): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

function parentOf(path: string): string {
  return path.slice(0, path.lastIndexOf('/')) || '/';
}

function safely<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/** HyperSpy: `axis-N` groups (scale, units, navigate) and `metadata/Acquisition_instrument/TEM`. */
function hyperspy(file: H5File, choice: H5Choice): DatasetMetadata {
  const group = parentOf(choice.parts[0]!.path);
  const axes = choice.shape.map((_, i) => safely(() => file.attrs(`${group}/axis-${i}`)) ?? {});
  const md: DatasetMetadata = {};
  const scaled = (list: Attrs[]) => (list.length === 2 && list.every((a) => num(a.scale) !== undefined) ? { value: [num(list[0]!.scale)!, num(list[1]!.scale)!] as [number, number], unit: str(list[1]!.units) ?? '' } : undefined);
  const sig = scaled(axes.filter((a) => num(a.navigate) === 0).slice(-2));
  const nav = scaled(axes.filter((a) => num(a.navigate) === 1));
  if (sig) md.sigPixelSize = sig;
  if (nav) md.navPixelSize = nav;
  const tem = safely(() => file.attrs(`${group}/metadata/Acquisition_instrument/TEM`)) ?? {};
  const beamKeV = num(tem.beam_energy);
  if (beamKeV !== undefined) md.beamEnergy = beamKeV * 1000;
  const cameraMm = num(tem.camera_length);
  if (cameraMm !== undefined) md.cameraLength = cameraMm / 1000;
  const exposure = num(safely(() => file.attrs(`${group}/metadata/Acquisition_instrument/TEM/Detector/Camera`))?.exposure);
  if (exposure !== undefined) md.exposureTime = exposure;
  const general = safely(() => file.attrs(`${group}/metadata/General`)) ?? {};
  if (str(general.date)) md.acquisitionTime = str(general.time) ? `${str(general.date)}T${str(general.time)}` : str(general.date);
  md.extra = { title: str(general.title), microscope: str(tem.microscope) };
  return md;
}

/** EMD (Prismatic 0.5, py4DSTEM 1.0): `dimN` axis vectors beside the data, with `units`. */
function emd(file: H5File, choice: H5Choice, entries: H5Entry[]): DatasetMetadata {
  const group = parentOf(choice.parts[0]!.path);
  const dims = entries
    .filter((e) => e.kind === 'dataset' && parentOf(e.path) === group && /\/dim\d+$/.test(e.path))
    .sort((a, b) => Number(/\d+$/.exec(a.path)![0]) - Number(/\d+$/.exec(b.path)![0]));
  const md: DatasetMetadata = {};
  if (dims.length === choice.shape.length) {
    const step = (e: H5Entry) => {
      const v = safely(() => file.value(e.path, 1 << 16));
      return Array.isArray(v) && v.length >= 2 ? num(v[1])! - num(v[0])! : undefined;
    };
    const unit = (e: H5Entry) => (str(safely(() => file.attrs(e.path))?.units) ?? '').replace(/[[\]_]/g, '');
    const pair = (list: H5Entry[]) => {
      const steps = list.map(step);
      return list.length === 2 && steps.every((s) => s !== undefined && Number.isFinite(s)) ? { value: steps as [number, number], unit: unit(list[1]!) } : undefined;
    };
    const sig = pair(dims.slice(-2));
    const nav = pair(dims.slice(0, -2));
    if (sig) md.sigPixelSize = sig;
    if (nav) md.navPixelSize = nav;
  }
  const root = choice.parts[0]!.path.split('/')[1];
  const prismatic = entries.find((e) => e.kind === 'group' && e.path.startsWith(`/${root}/`) && e.path.endsWith('/simulation_parameters'));
  const energyKeV = prismatic ? num(safely(() => file.attrs(prismatic.path))?.E) : undefined;
  if (energyKeV !== undefined) md.beamEnergy = energyKeV * 1000;
  return md;
}

/** Velox: a JSON document per frame in the `Metadata` byte array beside `Data` (column 0 = frame 0). */
function velox(file: H5File, choice: H5Choice, entries: H5Entry[]): DatasetMetadata {
  const metaPath = `${parentOf(choice.parts[0]!.path)}/Metadata`;
  const entry = entries.find((e) => e.path === metaPath && e.kind === 'dataset');
  if (!entry?.shape || entry.shape.length !== 2 || entry.size !== 1 || entry.shape[0]! > 1 << 20) return {};
  const rows = entry.shape[0]!;
  const bytes = safely(() => file.read(metaPath, [0, 0], [rows, 1], rows));
  if (!bytes) return {};
  const end = bytes.indexOf(0);
  const doc = safely(() => JSON.parse(Buffer.from(bytes.subarray(0, end < 0 ? rows : end)).toString('utf8')) as Record<string, Record<string, unknown>>);
  if (!doc) return {};
  const md: DatasetMetadata = {};
  const binary = doc.BinaryResult ?? {};
  const size = binary.PixelSize as { width?: unknown; height?: unknown } | undefined;
  if (size && num(size.width) !== undefined && num(size.height) !== undefined) md.sigPixelSize = { value: [num(size.height)!, num(size.width)!], unit: str(binary.PixelUnitX) ?? 'm' };
  const voltage = num(doc.Optics?.AccelerationVoltage);
  if (voltage !== undefined) md.beamEnergy = voltage;
  const camera = num(doc.Optics?.CameraLength);
  if (camera !== undefined) md.cameraLength = camera;
  const start = num((doc.Acquisition?.AcquisitionStartDatetime as { DateTime?: unknown } | undefined)?.DateTime);
  if (start !== undefined) md.acquisitionTime = new Date(start * 1000).toISOString();
  const detectors = Object.values(doc.Detectors ?? {}) as { DetectorName?: unknown; ExposureTime?: unknown }[];
  const detector = detectors.find((d) => d.DetectorName === binary.Detector);
  const exposure = num(detector?.ExposureTime);
  if (exposure !== undefined) md.exposureTime = exposure;
  md.extra = { detector: str(binary.Detector) };
  return md;
}

/** DECTRIS ARINA: NeXus fields in the master file, the scan in the sibling `<name>.h5` ("STEM Metadata"). */
function arina(file: H5File, masterPath: string): { metadata: DatasetMetadata; scan?: [number, number] } {
  const det = '/entry/instrument/detector';
  const value = (p: string) => num(safely(() => file.value(p, 16)));
  const md: DatasetMetadata = {};
  const x = value(`${det}/x_pixel_size`);
  const y = value(`${det}/y_pixel_size`);
  if (x !== undefined && y !== undefined) md.sigPixelSize = { value: [y, x], unit: 'm' };
  const distance = value(`${det}/detector_distance`);
  if (distance) md.cameraLength = distance;
  const exposure = value(`${det}/count_time`);
  if (exposure !== undefined) md.exposureTime = exposure;
  const energy = value(`${det}/detectorSpecific/photon_energy`);
  if (energy !== undefined) md.beamEnergy = energy;
  const date = str(safely(() => file.value(`${det}/detectorSpecific/data_collection_date`, 16)));
  if (date) md.acquisitionTime = date;
  const scanPath = masterPath.replace(/_master\.h5$/i, '.h5');
  if (scanPath === masterPath || !existsSync(scanPath)) return { metadata: md };
  const scanFile = new H5File(scanPath);
  try {
    const scan = safely(() => scanFile.attrs('/STEM Metadata'));
    if (!scan) return { metadata: md };
    md.extra = { scanMetadata: scan };
    if (!md.cameraLength && num(scan['Camera Length'])) md.cameraLength = num(scan['Camera Length']);
    if (md.beamEnergy === undefined && num(scan['High Tension']) !== undefined) md.beamEnergy = num(scan['High Tension']);
    const nx = num(scan.NumPixelsX);
    const ny = num(scan.NumPixelsY);
    return { metadata: md, scan: nx && ny && Number.isInteger(nx) && Number.isInteger(ny) ? [ny, nx] : undefined };
  } finally {
    scanFile.close();
  }
}

/** Metadata of the chosen dataset, and the scan shape when the file records one. */
export function readMetadata(file: H5File, choice: H5Choice, entries: H5Entry[]): { metadata: DatasetMetadata; scan?: number[] } {
  switch (choice.kind) {
    case 'hspy':
      return { metadata: hyperspy(file, choice) };
    case 'emd':
      return { metadata: emd(file, choice, entries) };
    case 'velox':
      return { metadata: velox(file, choice, entries) };
    case 'arina':
      return arina(file, file.path);
    default:
      return { metadata: {} };
  }
}
