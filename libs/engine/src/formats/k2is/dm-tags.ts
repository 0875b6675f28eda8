import { readBytes } from '../file-io';

/**
 * A small reader of Gatan DigitalMicrograph tag trees (DM3 and DM4), enough for the K2IS `.gtg`
 * side file: it returns simple values (numbers, short strings) by dotted path, e.g.
 * `SI Dimensions.Size Y`. Unnamed list items are named by their index. Sizes are checked against
 * the bytes read, so a corrupt file ends the walk instead of looping.
 */

/** Bytes of the simple DM data types (2 i2, 3 i4, 4 u2, 5 u4, 6 f4, 7 f8, 8 bool, 9 i1, 10 u1, 11 i8, 12 u8). */
const SIMPLE_SIZES: Record<number, number> = { 2: 2, 3: 4, 4: 2, 5: 4, 6: 4, 7: 8, 8: 1, 9: 1, 10: 1, 11: 8, 12: 8 };
const MAX_TAG_BYTES = 64 << 20;
const MAX_ENTRIES = 200_000;

class Cursor {
  pos = 0;
  constructor(
    readonly view: DataView,
    readonly wide: boolean,
  ) {}
  need(n: number): void {
    if (n < 0 || this.pos + n > this.view.byteLength) throw new RangeError('tag data runs past the end');
  }
  u8(): number {
    this.need(1);
    return this.view.getUint8(this.pos++);
  }
  u16(): number {
    this.need(2);
    const v = this.view.getUint16(this.pos, false);
    this.pos += 2;
    return v;
  }
  u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.pos, false);
    this.pos += 4;
    return v;
  }
  /** A count or size field: 4 bytes in DM3, 8 in DM4 (big-endian). */
  count(): number {
    if (!this.wide) return this.u32();
    this.need(8);
    const v = Number(this.view.getBigUint64(this.pos, false));
    this.pos += 8;
    return v;
  }
}

function simpleValue(view: DataView, pos: number, type: number, little: boolean): number {
  switch (type) {
    case 2:
      return view.getInt16(pos, little);
    case 3:
      return view.getInt32(pos, little);
    case 4:
      return view.getUint16(pos, little);
    case 5:
      return view.getUint32(pos, little);
    case 6:
      return view.getFloat32(pos, little);
    case 7:
      return view.getFloat64(pos, little);
    case 8:
    case 10:
      return view.getUint8(pos);
    case 9:
      return view.getInt8(pos);
    case 11:
      return Number(view.getBigInt64(pos, little));
    default:
      return Number(view.getBigUint64(pos, little));
  }
}

function dataEntry(c: Cursor, little: boolean, path: string, out: Map<string, number | string>): void {
  if (c.u32() !== 0x25252525) throw new RangeError(`tag ${path} lacks its %%%% marker`);
  const n = c.count();
  if (n > 1024) throw new RangeError(`tag ${path} has ${n} type fields`);
  const info = Array.from({ length: n }, () => c.count());
  const type = info[0];
  const sizeOf = (t: number) => {
    const s = SIMPLE_SIZES[t];
    if (s === undefined) throw new RangeError(`tag ${path} has unknown type ${t}`);
    return s;
  };
  if (type !== undefined && SIMPLE_SIZES[type] !== undefined && n === 1) {
    c.need(SIMPLE_SIZES[type]!);
    out.set(path, simpleValue(c.view, c.pos, type, little));
    c.pos += SIMPLE_SIZES[type]!;
  } else if (type === 18 && n === 2) {
    const bytes = info[1]! * 2;
    c.need(bytes);
    let text = '';
    for (let i = 0; i < bytes && i < 2048; i += 2) text += String.fromCharCode(c.view.getUint16(c.pos + i, little));
    out.set(path, text);
    c.pos += bytes;
  } else if (type === 15 && n >= 3) {
    const fields = info[2]!;
    let size = 0;
    for (let i = 0; i < fields; i++) size += sizeOf(info[4 + 2 * i]!);
    c.need(size);
    c.pos += size;
  } else if (type === 20 && n >= 3) {
    const count = info[n - 1]!;
    let element: number;
    if (info[1] === 15) {
      element = 0;
      for (let i = 0; i < info[3]!; i++) element += sizeOf(info[5 + 2 * i]!);
    } else {
      element = sizeOf(info[1]!);
    }
    const bytes = count * element;
    c.need(bytes);
    // Short u2 arrays are how DM stores many strings.
    if (info[1] === 4 && count <= 1024) out.set(path, String.fromCharCode(...Array.from({ length: count }, (_, i) => c.view.getUint16(c.pos + 2 * i, little))));
    c.pos += bytes;
  } else {
    throw new RangeError(`tag ${path} has an unsupported type description`);
  }
}

function group(c: Cursor, little: boolean, prefix: string, out: Map<string, number | string>, depth: number, budget: { left: number }): void {
  c.u8(); // sorted
  c.u8(); // open
  const n = c.count();
  for (let i = 0; i < n; i++) {
    if (--budget.left < 0) throw new RangeError('too many tags');
    const kind = c.u8();
    if (kind === 0) return;
    const labelLength = c.u16();
    c.need(labelLength);
    const label = new TextDecoder('latin1').decode(new Uint8Array(c.view.buffer, c.view.byteOffset + c.pos, labelLength));
    c.pos += labelLength;
    if (c.wide) c.count(); // total bytes of this tag (DM4)
    const path = prefix ? `${prefix}.${label || i}` : label || String(i);
    if (kind === 20) {
      if (depth > 64) throw new RangeError('tag groups nest too deep');
      group(c, little, path, out, depth + 1, budget);
    } else if (kind === 21) {
      dataEntry(c, little, path, out);
    } else {
      throw new RangeError(`unknown tag kind ${kind}`);
    }
  }
}

/**
 * Simple tag values of a DM3/DM4 file by dotted path. Throws RangeError on a corrupt or
 * unsupported file; tags past the first 64 MiB are not read.
 */
export function readDmTags(path: string): Map<string, number | string> {
  const bytes = readBytes(path, 0, MAX_TAG_BYTES);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 16) throw new RangeError('too short for a DM header');
  const version = view.getUint32(0, false);
  if (version !== 3 && version !== 4) throw new RangeError(`not a DM3/DM4 file (version ${version})`);
  const wide = version === 4;
  const c = new Cursor(view, wide);
  c.pos = 4;
  c.count(); // root length
  const little = c.u32() === 1;
  const out = new Map<string, number | string>();
  try {
    group(c, little, '', out, 0, { left: MAX_ENTRIES });
  } catch (error) {
    // Tags cut off by the 64 MiB limit: keep what was read.
    if (bytes.length < MAX_TAG_BYTES) throw error;
  }
  return out;
}
