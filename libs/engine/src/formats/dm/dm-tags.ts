import { formatCount, StemflowError } from '@stemflow/plugin-sdk';
import { ByteWindow } from './byte-window';
import { ARRAY, SCALAR_BYTES, STRING, STRUCT } from './dm-types';

/** An array tag: where its values are, never read unless small (strings, short lists). */
export interface DmArray {
  kind: 'array';
  /** Encoded type of one element (a scalar type, or STRUCT for arrays of structs). */
  type: number;
  count: number;
  /** Bytes of one element. */
  itemBytes: number;
  /** Byte position of the first element in the file. */
  offset: number;
  /** The bytes themselves when the array is at most SMALL_ARRAY_BYTES long. */
  raw?: Uint8Array;
}

export type DmLeaf = number | number[] | DmArray;

export interface DmGroup {
  kind: 'group';
  entries: DmEntry[];
}

/** One tag; names may be empty (list items) and repeat. */
export interface DmEntry {
  name: string;
  value: DmGroup | DmLeaf;
}

export interface DmTagFile {
  path: string;
  version: 3 | 4;
  /** Byte order of tag values and image data (the tag structure itself is always big-endian). */
  littleEndian: boolean;
  size: number;
  root: DmGroup;
}

const SMALL_ARRAY_BYTES = 4096;
const MAX_DEPTH = 64;
const MAX_INFO = 1024;
const GROUP_TAG = 20;
const DATA_TAG = 21;

/** Looks like a DM3/DM4 header: version, byte-order flag and the root group's flags. */
export function hasDmMagic(head: Uint8Array): boolean {
  if (head.length < 24) return false;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const version = view.getUint32(0);
  if (version !== 3 && version !== 4) return false;
  const order = version === 3 ? view.getUint32(8) : view.getUint32(12);
  const root = version === 3 ? 12 : 16;
  const firstTag = head[root + (version === 3 ? 6 : 10)];
  return order <= 1 && head[root]! <= 1 && head[root + 1]! <= 1 && (firstTag === GROUP_TAG || firstTag === DATA_TAG);
}

/**
 * Parse the tag tree of a DM3/DM4 file. Only the tag structure and scalar values are read;
 * arrays (the image data among them) are recorded by position and skipped. Every count and
 * size is checked against the file size before it is used, so a corrupt header ends in a
 * FILE_CORRUPT error instead of a long loop or a huge allocation.
 */
export function readDmTags(path: string): DmTagFile {
  const win = new ByteWindow(path);
  try {
    return new TagParser(win).parse();
  } finally {
    win.close();
  }
}

class TagParser {
  private version: 3 | 4 = 3;
  private little = true;

  constructor(private readonly win: ByteWindow) {}

  parse(): DmTagFile {
    const { win } = this;
    if (win.size === 0) throw new StemflowError('FILE_CORRUPT', `${win.path} is empty (0 bytes)`);
    if (win.size < 24) throw win.corrupt(`only ${win.size} bytes, shorter than a DM header`);
    const version = win.u32(0);
    if (version !== 3 && version !== 4) throw new StemflowError('FORMAT_UNKNOWN', `${win.path} is not a DM3/DM4 file (its first 4 bytes give version ${version}, expected 3 or 4)`);
    this.version = version;
    const rootLength = version === 3 ? win.u32(4) : win.u64(4, false, 'the tag tree length');
    const order = version === 3 ? win.u32(8) : win.u32(12);
    if (order > 1) throw win.corrupt(`byte-order flag is ${order}, expected 0 (big-endian) or 1 (little-endian)`);
    this.little = order === 1;
    const rootStart = version === 3 ? 12 : 16;
    if (rootStart + rootLength > win.size) {
      throw new StemflowError(
        'FILE_CORRUPT',
        `${win.path} has ${formatCount(win.size)} bytes but its header announces a tag tree of ${formatCount(rootLength)} bytes: the file is truncated`,
      );
    }
    const { group } = this.group(rootStart, 0);
    return { path: win.path, version, littleEndian: this.little, size: win.size, root: group };
  }

  /** Sizes and counts are 4 bytes in DM3, 8 in DM4; always big-endian. */
  private count(pos: number, what: string): number {
    return this.version === 3 ? this.win.u32(pos) : this.win.u64(pos, false, what);
  }

  private get countBytes(): number {
    return this.version === 3 ? 4 : 8;
  }

  private group(pos: number, depth: number): { group: DmGroup; end: number } {
    if (depth > MAX_DEPTH) throw this.win.corrupt(`tag groups nested deeper than ${MAX_DEPTH} at byte ${formatCount(pos)}`);
    const n = this.count(pos + 2, 'a tag count');
    pos += 2 + this.countBytes;
    // Each tag takes at least 9 bytes: a count beyond that is corrupt, whatever it says.
    if (n * 9 > this.win.size - pos) throw this.win.corrupt(`a tag group at byte ${formatCount(pos)} claims ${formatCount(n)} tags, more than the file can hold`);
    const entries: DmEntry[] = [];
    for (let i = 0; i < n; i++) {
      const kind = this.win.u8(pos);
      const nameLength = this.win.u16(pos + 1);
      const name = latin1(this.win.bytes(pos + 3, nameLength));
      pos += 3 + nameLength;
      if (this.version === 4) pos += 8; // the tag's byte length; the structure tells us the same
      if (kind === GROUP_TAG) {
        const sub = this.group(pos, depth + 1);
        entries.push({ name, value: sub.group });
        pos = sub.end;
      } else if (kind === DATA_TAG) {
        const data = this.data(pos);
        entries.push({ name, value: data.value });
        pos = data.end;
      } else {
        throw this.win.corrupt(`tag "${name}" at byte ${formatCount(pos)} has kind ${kind}, expected 20 (group) or 21 (data)`);
      }
    }
    return { group: { kind: 'group', entries }, end: pos };
  }

  private data(pos: number): { value: DmLeaf; end: number } {
    const { win } = this;
    if (win.u32(pos) !== 0x25252525) throw win.corrupt(`a data tag at byte ${formatCount(pos)} lacks its "%%%%" marker`);
    const nInfo = this.count(pos + 4, 'an info length');
    pos += 4 + this.countBytes;
    if (nInfo < 1 || nInfo > MAX_INFO) throw win.corrupt(`a data tag at byte ${formatCount(pos)} has ${nInfo} type descriptors`);
    const info: number[] = [];
    for (let k = 0; k < nInfo; k++) info.push(this.count(pos + k * this.countBytes, 'a type descriptor'));
    pos += nInfo * this.countBytes;
    const type = info[0]!;
    if (SCALAR_BYTES[type] !== undefined) {
      return { value: win.scalar(pos, type, this.little), end: pos + SCALAR_BYTES[type]! };
    }
    if (type === STRUCT) {
      const fields = this.structFields(info, 1, pos);
      const values: number[] = [];
      for (const field of fields) {
        values.push(win.scalar(pos, field, this.little));
        pos += SCALAR_BYTES[field]!;
      }
      return { value: values, end: pos };
    }
    if (type === STRING) {
      // A bare string tag: info[1] bytes follow. Rare; kept as an array of octets.
      return this.array(10, 1, info[1] ?? 0, pos);
    }
    if (type === ARRAY) {
      const itemType = info[1];
      if (itemType === STRUCT) {
        const fields = this.structFields(info, 2, pos);
        const itemBytes = fields.reduce((sum, f) => sum + SCALAR_BYTES[f]!, 0);
        return this.array(STRUCT, itemBytes, info[info.length - 1]!, pos);
      }
      if (itemType === undefined || SCALAR_BYTES[itemType] === undefined || nInfo !== 3) {
        throw win.corrupt(`an array tag at byte ${formatCount(pos)} has element type ${itemType}`);
      }
      return this.array(itemType, SCALAR_BYTES[itemType]!, info[2]!, pos);
    }
    throw win.corrupt(`a data tag at byte ${formatCount(pos)} has type ${type}`);
  }

  /** Field types of a struct described at `info[at]` = name length, `info[at + 1]` = field count, then (name length, type) pairs. */
  private structFields(info: number[], at: number, pos: number): number[] {
    const n = info[at + 1] ?? -1;
    if (n < 0 || at + 2 + 2 * n > info.length) throw this.win.corrupt(`a struct tag at byte ${formatCount(pos)} is malformed`);
    const fields: number[] = [];
    for (let k = 0; k < n; k++) {
      const field = info[at + 3 + 2 * k]!;
      if (SCALAR_BYTES[field] === undefined) throw this.win.corrupt(`a struct tag at byte ${formatCount(pos)} has a field of type ${field}`);
      fields.push(field);
    }
    return fields;
  }

  private array(type: number, itemBytes: number, count: number, pos: number): { value: DmArray; end: number } {
    const byteLength = count * itemBytes;
    if (!Number.isSafeInteger(byteLength) || pos + byteLength > this.win.size) {
      throw new StemflowError(
        'FILE_CORRUPT',
        `${this.win.path}: an array of ${formatCount(count)} elements at byte ${formatCount(pos)} runs past the end of the file (${formatCount(this.win.size)} bytes): the file is truncated or corrupt`,
      );
    }
    const value: DmArray = { kind: 'array', type, count, itemBytes, offset: pos };
    if (byteLength <= SMALL_ARRAY_BYTES) value.raw = this.win.bytes(pos, byteLength);
    return { value, end: pos + byteLength };
  }
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}
