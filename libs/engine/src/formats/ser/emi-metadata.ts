import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { DatasetMetadata } from '../descriptor';
import { readBytes } from '../file-io';

/**
 * The `.emi` file TIA writes beside `name_1.ser`, `name_2.ser`, …: a binary container with one
 * XML `<ObjectInfo>` block per displayed object (microscope settings, acquisition date,
 * detector). Read in chunks up to a fixed limit, so a huge `.emi` costs bounded time and memory.
 */
const CHUNK_BYTES = 1 << 20;
const MAX_SCAN_BYTES = 64 << 20;
const MAX_BLOCK_BYTES = 1 << 20;
const MAX_BLOCKS = 256;
const OPEN = Buffer.from('<ObjectInfo>');
const CLOSE = Buffer.from('</ObjectInfo>');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `dir/name.emi` for `dir/name_N.ser`, with N; undefined when there is none. */
export function findEmi(serPath: string): { path: string; serIndex: number } | undefined {
  const match = /^(.*)_(\d+)\.ser$/iu.exec(basename(serPath));
  if (!match) return undefined;
  for (const ext of ['.emi', '.EMI', '.Emi']) {
    const path = join(dirname(serPath), match[1]! + ext);
    if (existsSync(path) && statSync(path).isFile()) return { path, serIndex: Number(match[2]) };
  }
  return undefined;
}

/** Every `<ObjectInfo>…</ObjectInfo>` block of the file, as text. */
export function readEmiBlocks(path: string): string[] {
  const blocks: string[] = [];
  let carry = Buffer.alloc(0);
  for (let pos = 0; pos < MAX_SCAN_BYTES && blocks.length < MAX_BLOCKS; ) {
    const chunk = readBytes(path, pos, CHUNK_BYTES);
    if (chunk.length === 0) break;
    pos += chunk.length;
    const buf = Buffer.concat([carry, chunk]);
    let at = 0;
    for (;;) {
      const start = buf.indexOf(OPEN, at);
      if (start < 0) {
        carry = buf.subarray(Math.max(at, buf.length - OPEN.length + 1));
        break;
      }
      const end = buf.indexOf(CLOSE, start);
      if (end < 0) {
        // An unfinished block waits for the next chunk, unless it is implausibly long.
        carry = buf.length - start > MAX_BLOCK_BYTES ? Buffer.alloc(0) : buf.subarray(start);
        break;
      }
      blocks.push(buf.toString('utf8', start, end + CLOSE.length));
      at = end + CLOSE.length;
    }
  }
  return blocks;
}

/**
 * The block describing `name_N.ser`. TIA writes no link from a .ser to its block, so: among
 * blocks that describe a 2-D detector (their DetectorRange has StartX), the N-th, else the
 * last; without any, the first block that has settings. In the corpus this matches the
 * camera block for the diffraction series and skips the EDS block.
 */
export function chooseBlock(blocks: string[], serIndex: number): string | undefined {
  const described = blocks.filter((b) => b.includes('<ExperimentalDescription>') || b.includes('<AcquireDate>'));
  const images = described.filter((b) => /<DetectorRange>\s*<StartX>/u.test(b));
  if (images.length > 0) return images[Math.min(serIndex, images.length) - 1] ?? images[images.length - 1];
  return described[0];
}

/** Physical settings of one ObjectInfo block. */
export function emiMetadata(block: string): DatasetMetadata {
  const metadata: DatasetMetadata = {};
  const extra: Record<string, unknown> = {};
  const description = experimentalDescription(block);
  const voltage = numberOf(tag(block, 'AcceleratingVoltage'));
  const highTension = description.get('High tension');
  if (voltage !== undefined && voltage > 0) metadata.beamEnergy = voltage;
  else if (highTension?.unit === 'kV' && numberOf(highTension.value)) metadata.beamEnergy = numberOf(highTension.value)! * 1000;

  const cameraLength = description.get('Camera length');
  const metres = cameraLength && numberOf(cameraLength.value);
  const scale: Record<string, number> = { m: 1, mm: 1e-3, cm: 1e-2 };
  if (metres && cameraLength && scale[cameraLength.unit] !== undefined && metres > 0) metadata.cameraLength = metres * scale[cameraLength.unit]!;

  const date = isoLocal(tag(block, 'AcquireDate'));
  if (date) metadata.acquisitionTime = date;

  const camera = tag(block, 'CameraNamePath');
  const dwell = numberOf(tag(block, 'DwellTimePath'));
  // For a camera DwellTimePath is the exposure of each frame; for a STEM detector it is the dwell per scan pixel.
  if (camera && dwell !== undefined && dwell > 0) metadata.exposureTime = dwell;
  else if (dwell !== undefined) extra.dwellTime = dwell;

  const rotation = description.get('Stem rotation');
  if (rotation?.unit === 'deg' && numberOf(rotation.value) !== undefined) metadata.scanRotation = numberOf(rotation.value)!;

  const microscope = description.get('Microscope')?.value.replace(/^Microscope\s+/u, '');
  if (microscope) extra.microscope = microscope;
  const mode = description.get('Mode')?.value.trim();
  if (mode) extra.mode = mode;
  const magnification = numberOf(description.get('Magnification')?.value);
  if (magnification) extra.magnification = magnification;
  const correction = numberOf(description.get('Stem rotation correction')?.value);
  if (correction !== undefined) extra.stemRotationCorrection = correction;
  if (camera) extra.camera = camera;
  const binning = numberOf(tag(block, 'Binning'));
  if (binning) extra.binning = binning;
  const uuid = tag(block, 'Uuid');
  if (uuid) extra.emiObject = uuid;
  if (Object.keys(extra).length > 0) metadata.extra = extra;
  return metadata;
}

/** Label → value and unit of the `<ExperimentalDescription>` table. */
function experimentalDescription(block: string): Map<string, { value: string; unit: string }> {
  const table = new Map<string, { value: string; unit: string }>();
  const section = /<ExperimentalDescription>([\s\S]*?)<\/ExperimentalDescription>/u.exec(block)?.[1] ?? '';
  const row = /<Data>\s*<Label>([^<]*)<\/Label>\s*<Value>([^<]*)<\/Value>\s*(?:<Unit>([^<]*)<\/Unit>|<Unit\s*\/>)?\s*<\/Data>/gu;
  for (const m of section.matchAll(row)) table.set(unescape(m[1]!).trim(), { value: unescape(m[2]!).trim(), unit: unescape(m[3] ?? '').trim() });
  return table;
}

function tag(block: string, name: string): string | undefined {
  const value = new RegExp(`<${name}>([^<]*)</${name}>`, 'u').exec(block)?.[1];
  return value === undefined ? undefined : unescape(value).trim() || undefined;
}

function numberOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number.parseFloat(text);
  return Number.isFinite(value) ? value : undefined;
}

function unescape(text: string): string {
  return text.replace(/&lt;/gu, '<').replace(/&gt;/gu, '>').replace(/&quot;/gu, '"').replace(/&apos;/gu, "'").replace(/&amp;/gu, '&');
}

/** "Mon Feb 22 19:21:11 2016" → "2016-02-22T19:21:11" (TIA writes local time without a zone). */
export function isoLocal(text: string | undefined): string | undefined {
  const m = /^\w{3}\s+(\w{3})\s+(\d{1,2})\s+(\d{1,2}):(\d{2}):(\d{2})\s+(\d{4})$/u.exec(text ?? '');
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[1]!) + 1;
  if (month === 0) return undefined;
  const two = (s: string) => s.padStart(2, '0');
  return `${m[6]}-${two(String(month))}-${two(m[2]!)}T${two(m[3]!)}:${m[4]}:${m[5]}`;
}
