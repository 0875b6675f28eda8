import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { formatCount, product, StemflowError } from '@stemflow/plugin-sdk';
import type { DatasetDescriptor, DatasetMetadata, OpenRequest } from '../descriptor';
import { fileSize, readBytes } from '../file-io';
import { FramedSource, type DataSet } from '../framed-source';
import type { FormatReader } from '../format-reader';
import { resolveNav } from '../nav';
import { navFromRawName, readEmpadXml, type NavCandidate } from './empad-xml';

/** The EMPAD detector: 128×128 pixels, stored as 130 rows (two rows of metadata) of little-endian float32. */
const WIDTH = 128;
const ROWS = 128;
const STORED_ROWS = 130;
const FRAME_BYTES = WIDTH * ROWS * 4;
const STRIDE = WIDTH * STORED_ROWS * 4;
/** Bounds on the search for the XML beside a raw file. */
const MAX_XML_CANDIDATES = 200;
const MAX_XML_PEEK = 64 * 1024;

interface EmpadParams {
  raw: string;
  xml?: string;
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

/** The acquisition XML beside `rawPath` that names it, if any (EMPAD links raw → XML only by that name). */
function xmlNaming(rawPath: string): string | undefined {
  const dir = dirname(rawPath);
  const name = basename(rawPath);
  let entries: string[];
  try {
    entries = readdirSync(dir).filter((n) => n.toLowerCase().endsWith('.xml'));
  } catch {
    return undefined;
  }
  for (const entry of entries.slice(0, MAX_XML_CANDIDATES)) {
    const path = join(dir, entry);
    if (!isFile(path)) continue;
    const head = Buffer.from(readBytes(path, 0, MAX_XML_PEEK)).toString('utf8');
    const m = /<raw_file\b[^>]*\bfilename\s*=\s*["']([^"']*)["']/.exec(head);
    if (m && basename(m[1]!.replace(/\\/g, '/')) === name) return path;
  }
  return undefined;
}

function looksLikeEmpadXml(head: Uint8Array): boolean {
  return Buffer.from(head).toString('latin1').includes('<raw_file');
}

/** The XML and raw file of a request that may name either. */
function resolveFiles(path: string): { xml?: string; raw: string; fromXml?: ReturnType<typeof readEmpadXml> } {
  fileSize(path); // missing file or directory → a StemflowError naming it
  if (extname(path).toLowerCase() === '.xml') {
    const fromXml = readEmpadXml(path);
    const raw = join(dirname(path), fromXml.rawFile);
    if (!isFile(raw)) {
      throw new StemflowError('NOT_FOUND', `${path} names the raw data file ${fromXml.rawFile}, which is not in ${dirname(path)}: copy ${fromXml.rawFile} beside the XML (EMPAD finds its data only by that name)`);
    }
    return { xml: path, raw, fromXml };
  }
  const xml = xmlNaming(path);
  return xml ? { xml, raw: path, fromXml: readEmpadXml(xml) } : { raw: path };
}

function chooseNav(request: OpenRequest, candidates: NavCandidate[], frames: number, raw: string): number[] {
  if (request.navShape) return request.navShape;
  const match = candidates.find((c) => product(c.shape) === frames);
  if (match) return match.shape;
  if (candidates.length === 0) return [frames];
  const tried = candidates.map((c) => `${c.shape.join('×')} (${c.source})`).join(', ');
  throw new StemflowError('SHAPE_MISMATCH', `${raw} holds ${formatCount(frames)} frames, but none of the scan sizes in its XML fits: ${tried}; pass the scan shape (--nav)`);
}

function withNavPixelSize(metadata: DatasetMetadata, navShape: number[]): DatasetMetadata {
  const fov = (metadata.extra?.empad as { fullScanFieldOfView?: [number, number] } | undefined)?.fullScanFieldOfView;
  if (!fov || navShape.length !== 2 || !(fov[0] > 0 && fov[1] > 0)) return metadata;
  return { ...metadata, navPixelSize: { value: [fov[0] / navShape[0]!, fov[1] / navShape[1]!], unit: 'm' } };
}

/** EMPAD: an acquisition `.xml` and its headerless `.raw` of 128×130 float32 frames. */
export const empadReader: FormatReader = {
  id: 'empad',
  title: 'EMPAD (XML + raw)',
  detect(path, head) {
    const ext = extname(path).toLowerCase();
    if (ext === '.xml') return looksLikeEmpadXml(head) ? 100 : 0;
    if (ext !== '.raw') return 0;
    if (xmlNaming(path)) return 100;
    // EMPAD's own naming and a whole number of 130-row frames: a raw file without its XML.
    return /^scan_x\d+_y\d+\.raw$/.test(basename(path)) && fileSize(path) % STRIDE === 0 ? 100 : 0;
  },

  describe(request: OpenRequest): DatasetDescriptor {
    const { xml, raw, fromXml } = resolveFiles(request.path);
    if (request.dtype !== undefined && request.dtype !== 'float32') {
      throw new StemflowError('SHAPE_MISMATCH', `EMPAD frames are float32; ${request.path} cannot be read as ${request.dtype} (drop --dtype)`);
    }
    const size = fileSize(raw);
    if (size === 0) throw new StemflowError('FILE_CORRUPT', `${raw} is empty (0 bytes)`);
    if (size % STRIDE !== 0) {
      throw new StemflowError('FILE_CORRUPT', `${raw} has ${formatCount(size)} bytes, not a whole number of EMPAD frames (128×130 float32 = ${formatCount(STRIDE)} bytes each): the file is truncated or not EMPAD data`);
    }
    const frames = size / STRIDE;
    const sigShape = request.sigShape ?? [ROWS, WIDTH];
    if (!Array.isArray(sigShape) || sigShape.length === 0 || sigShape.some((n) => !Number.isInteger(n) || n <= 0) || product(sigShape) !== ROWS * WIDTH) {
      throw new StemflowError('SHAPE_MISMATCH', `sig shape [${String(sigShape)}] does not fit ${request.path}: EMPAD frames are 128×128 (16,384 pixels)`);
    }
    const candidates = fromXml?.navCandidates ?? navFromRawName(basename(raw));
    const proposed = chooseNav(request, candidates, frames, raw);
    const nav = resolveNav({ ...request, navShape: proposed }, frames, proposed);
    const metadata = withNavPixelSize(fromXml?.metadata ?? {}, nav.navShape);
    const params: EmpadParams = { raw, ...(xml ? { xml } : {}) };
    return { path: request.path, format: 'empad', sigShape, dtype: 'float32', byteOrder: 'little', offset: 0, ...nav, params: params as unknown as Record<string, unknown>, metadata };
  },

  open(d: DatasetDescriptor): DataSet {
    const { raw } = d.params as unknown as EmpadParams;
    // The two extra rows of every stored frame are skipped: a frame is read as its first 128 rows.
    return new FramedSource(d, {
      files: [raw],
      imageCount: Math.floor(fileSize(raw) / STRIDE),
      encodedFrameBytes: FRAME_BYTES,
      locate: (i) => ({ file: 0, offset: i * STRIDE }),
    });
  },
};
