import { existsSync, statSync } from 'node:fs';
import { StemflowError } from '@stemflow/plugin-sdk';
import { findAll, findElement, parseXml, XmlSyntaxError } from '../empad/mini-xml';
import { readSmallText } from '../mrc/read-head';

const MAX_CONFIG_BYTES = 16 * 1024 * 1024;

/** One `<Defect>` of a DE bad-pixel map: inclusive row and column ranges in the map's pixels. */
export interface Defect {
  rows: [number, number];
  cols: [number, number];
  /** Repeating on/off mask along the range ('1' = bad), when the XML gives one. */
  pattern?: string;
}

export interface BadPixelMap {
  /** The map's size [rows, columns] (usually the whole sensor). */
  shape: [number, number];
  defects: Defect[];
}

/** What a DE `<root>.Config.Metadata.xml` says: the FileInfo values and the bad-pixel maps. */
export interface DeConfig {
  path: string;
  fileInfo: Record<string, string>;
  badPixelMaps: BadPixelMap[];
}

export function existingFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

/** "12" → [12, 12]; "10-152" → [10, 152]; anything else → undefined. */
function range(text: string | undefined): [number, number] | undefined {
  if (text === undefined) return undefined;
  const m = /^\s*(\d+)\s*(?:-\s*(\d+))?\s*$/.exec(text);
  if (!m) return undefined;
  const a = Number(m[1]);
  const b = m[2] === undefined ? a : Number(m[2]);
  return a <= b ? [a, b] : undefined;
}

/** A defect names rows, columns or both; a missing axis means the whole extent of the map. */
function defectOf(attrs: Record<string, string>, shape: [number, number]): Defect | undefined {
  const rows = range(attrs.Rows ?? attrs.Row);
  const cols = range(attrs.Columns ?? attrs.Column);
  if (!rows && !cols) return undefined;
  const defect: Defect = { rows: rows ?? [0, shape[0] - 1], cols: cols ?? [0, shape[1] - 1] };
  if (attrs.pattern && /^[01]+$/.test(attrs.pattern)) defect.pattern = attrs.pattern;
  return defect;
}

export function readDeConfig(path: string): DeConfig {
  let root;
  try {
    root = parseXml(readSmallText(path, MAX_CONFIG_BYTES, 'DE configuration XML'));
  } catch (error) {
    if (error instanceof XmlSyntaxError) throw new StemflowError('FILE_CORRUPT', `${path} is not well-formed XML (${error.message}); fix or remove it to read the data without its bad-pixel map`, { cause: error });
    throw error;
  }
  const fileInfo: Record<string, string> = {};
  const info = findElement(root, 'FileInfo');
  for (const child of info?.children ?? []) if (child.attrs.Value !== undefined) fileInfo[child.name] = child.attrs.Value;
  const badPixelMaps: BadPixelMap[] = [];
  for (const map of findAll(root, 'BadPixelMap')) {
    const shape: [number, number] = [Number(map.attrs.Rows), Number(map.attrs.Columns)];
    if (!shape.every((n) => Number.isInteger(n) && n > 0)) continue;
    const defects = map.children.filter((c) => c.name === 'Defect').map((c) => defectOf(c.attrs, shape)).filter((d): d is Defect => d !== undefined);
    badPixelMaps.push({ shape, defects });
  }
  return { path, fileInfo, badPixelMaps };
}
