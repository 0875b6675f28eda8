import { writeFileSync } from 'node:fs';

/** Writes small TIA .ser files for tests (layout of ser-header.ts / ser-element.ts), with plain Buffer writes. */
export interface SerSpec {
  version: 0x0210 | 0x0220;
  /** Navigation dimensions, Dim-1 (fastest) first. */
  dims: { size: number; delta?: number; units?: string }[];
  /** TIA data type: 1 u1, 2 u2, 3 u4, 4 i1, 5 i2, 6 i4, 7 f4, 8 f8. */
  dataType: number;
  width: number;
  height: number;
  /** Pixels of each valid element, rows as stored (bottom row first, as TIA writes). */
  elements: number[][];
  /** Declared element count (default: elements.length). */
  total?: number;
  /** Overrides of single element headers: index → data type written in that element's header. */
  elementDataType?: Record<number, number>;
  /** Elements written in reverse file order (the offset table keeps scan order). */
  reversed?: boolean;
}

const WRITERS: Record<number, [number, (b: Buffer, v: number, at: number) => void]> = {
  1: [1, (b, v, at) => b.writeUInt8(v, at)],
  2: [2, (b, v, at) => b.writeUInt16LE(v, at)],
  3: [4, (b, v, at) => b.writeUInt32LE(v, at)],
  4: [1, (b, v, at) => b.writeInt8(v, at)],
  5: [2, (b, v, at) => b.writeInt16LE(v, at)],
  6: [4, (b, v, at) => b.writeInt32LE(v, at)],
  7: [4, (b, v, at) => b.writeFloatLE(v, at)],
  8: [8, (b, v, at) => b.writeDoubleLE(v, at)],
};

export function encodeSer(spec: SerSpec): Buffer {
  const wide = spec.version === 0x0220;
  const offsetBytes = wide ? 8 : 4;
  const total = spec.total ?? spec.elements.length;
  const head = Buffer.alloc(22 + offsetBytes + 4);
  head.writeUInt16LE(0x4949, 0);
  head.writeUInt16LE(0x0197, 2);
  head.writeUInt16LE(spec.version, 4);
  head.writeUInt32LE(0x4122, 6);
  head.writeUInt32LE(0x4152, 10);
  head.writeUInt32LE(total, 14);
  head.writeUInt32LE(spec.elements.length, 18);
  head.writeUInt32LE(spec.dims.length, 22 + offsetBytes);
  const dims = spec.dims.map((d) => {
    const fixed = Buffer.alloc(24);
    fixed.writeUInt32LE(d.size, 0);
    fixed.writeDoubleLE(0, 4);
    fixed.writeDoubleLE(d.delta ?? 1, 12);
    fixed.writeInt32LE(0, 20);
    const text = (s: string) => Buffer.concat([u32(s.length), Buffer.from(s, 'latin1')]);
    return Buffer.concat([fixed, text(d.units ? 'Position' : 'Number'), text(d.units ?? '')]);
  });
  const headerLength = head.length + dims.reduce((n, b) => n + b.length, 0);
  const tableLength = 2 * total * offsetBytes;
  const [itemSize, write] = WRITERS[spec.dataType]!;
  const elements = spec.elements.map((pixels, i) => {
    const e = Buffer.alloc(50 + pixels.length * itemSize + 8); // + an 8-byte time tag
    e.writeDoubleLE(1e-9, 8);
    e.writeDoubleLE(1e-9, 28);
    e.writeUInt16LE(spec.elementDataType?.[i] ?? spec.dataType, 40);
    e.writeUInt32LE(spec.width, 42);
    e.writeUInt32LE(spec.height, 46);
    pixels.forEach((v, p) => write(e, v, 50 + p * itemSize));
    e.writeUInt16LE(0x4152, e.length - 8);
    e.writeUInt32LE(1_456_168_868 + i, e.length - 4);
    return e;
  });
  const order = elements.map((_, i) => i);
  if (spec.reversed) order.reverse();
  const offsets: number[] = new Array<number>(elements.length);
  let at = headerLength + tableLength;
  for (const i of order) {
    offsets[i] = at;
    at += elements[i]!.length;
  }
  if (wide) head.writeBigUInt64LE(BigInt(headerLength), 22);
  else head.writeUInt32LE(headerLength, 22);
  const table = Buffer.alloc(tableLength);
  offsets.forEach((o, i) => {
    const tag = o + elements[i]!.length - 8;
    if (wide) {
      table.writeBigUInt64LE(BigInt(o), i * 8);
      table.writeBigUInt64LE(BigInt(tag), (total + i) * 8);
    } else {
      table.writeUInt32LE(o, i * 4);
      table.writeUInt32LE(tag, (total + i) * 4);
    }
  });
  return Buffer.concat([head, ...dims, table, ...order.map((i) => elements[i]!)]);
}

export function writeSer(path: string, spec: SerSpec): string {
  writeFileSync(path, encodeSer(spec));
  return path;
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}
