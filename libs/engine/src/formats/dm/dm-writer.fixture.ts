import { writeFileSync } from 'node:fs';

/**
 * Writes small DM3/DM4 files for tests, from the layout described in dm-tags.ts, independently
 * of the reader (plain Buffer writes). Only what the tests need: groups, scalars, structs,
 * arrays and UTF-16 strings.
 */
export type DmTagSpec =
  | { name: string; group: DmTagSpec[] }
  | { name: string; type: number; value: number }
  | { name: string; type: number; array: number[] }
  | { name: string; rawArray: Buffer; type: number; count: number }
  | { name: string; text: string };

export interface DmFileSpec {
  version: 3 | 4;
  littleEndian: boolean;
  tags: DmTagSpec[];
}

const SIZES: Record<number, number> = { 2: 2, 3: 4, 4: 2, 5: 4, 6: 4, 7: 8, 8: 1, 9: 1, 10: 1, 11: 8, 12: 8 };

/** Values of one scalar type in the given byte order. */
export function encodeValues(type: number, values: number[], little: boolean): Buffer {
  const size = SIZES[type]!;
  const out = Buffer.alloc(size * values.length);
  values.forEach((v, i) => {
    const at = i * size;
    const w: Record<number, () => void> = {
      2: () => (little ? out.writeInt16LE(v, at) : out.writeInt16BE(v, at)),
      3: () => (little ? out.writeInt32LE(v, at) : out.writeInt32BE(v, at)),
      4: () => (little ? out.writeUInt16LE(v, at) : out.writeUInt16BE(v, at)),
      5: () => (little ? out.writeUInt32LE(v, at) : out.writeUInt32BE(v, at)),
      6: () => (little ? out.writeFloatLE(v, at) : out.writeFloatBE(v, at)),
      7: () => (little ? out.writeDoubleLE(v, at) : out.writeDoubleBE(v, at)),
      8: () => out.writeUInt8(v, at),
      9: () => out.writeInt8(v, at),
      10: () => out.writeUInt8(v, at),
      11: () => (little ? out.writeBigInt64LE(BigInt(v), at) : out.writeBigInt64BE(BigInt(v), at)),
      12: () => (little ? out.writeBigUInt64LE(BigInt(v), at) : out.writeBigUInt64BE(BigInt(v), at)),
    };
    w[type]!();
  });
  return out;
}

class Encoder {
  constructor(private readonly spec: DmFileSpec) {}

  count(n: number): Buffer {
    const b = Buffer.alloc(this.spec.version === 3 ? 4 : 8);
    if (this.spec.version === 3) b.writeUInt32BE(n);
    else b.writeBigUInt64BE(BigInt(n));
    return b;
  }

  group(tags: DmTagSpec[]): Buffer {
    return Buffer.concat([Buffer.from([0, 1]), this.count(tags.length), ...tags.map((t) => this.tag(t))]);
  }

  tag(t: DmTagSpec): Buffer {
    const name = Buffer.from(t.name, 'latin1');
    const head = Buffer.alloc(3);
    const body = 'group' in t ? this.group(t.group) : this.data(t);
    head.writeUInt8('group' in t ? 20 : 21, 0);
    head.writeUInt16BE(name.length, 1);
    const size = this.spec.version === 4 ? this.count(body.length) : Buffer.alloc(0);
    return Buffer.concat([head, name, size, body]);
  }

  data(t: Exclude<DmTagSpec, { group: DmTagSpec[] }>): Buffer {
    const little = this.spec.littleEndian;
    let info: number[];
    let payload: Buffer;
    if ('value' in t) [info, payload] = [[t.type], encodeValues(t.type, [t.value], little)];
    else if ('array' in t) [info, payload] = [[20, t.type, t.array.length], encodeValues(t.type, t.array, little)];
    else if ('rawArray' in t) [info, payload] = [[20, t.type, t.count], t.rawArray];
    else [info, payload] = [[20, 4, t.text.length], encodeValues(4, [...t.text].map((c) => c.charCodeAt(0)), little)];
    return Buffer.concat([Buffer.from('%%%%'), this.count(info.length), ...info.map((i) => this.count(i)), payload]);
  }
}

export function encodeDm(spec: DmFileSpec): Buffer {
  const enc = new Encoder(spec);
  const root = enc.group(spec.tags);
  const head = Buffer.alloc(spec.version === 3 ? 12 : 16);
  head.writeUInt32BE(spec.version, 0);
  if (spec.version === 3) {
    head.writeUInt32BE(root.length, 4);
    head.writeUInt32BE(spec.littleEndian ? 1 : 0, 8);
  } else {
    head.writeBigUInt64BE(BigInt(root.length), 4);
    head.writeUInt32BE(spec.littleEndian ? 1 : 0, 12);
  }
  return Buffer.concat([head, root, Buffer.alloc(8)]);
}

export function writeDm(path: string, spec: DmFileSpec): string {
  writeFileSync(path, encodeDm(spec));
  return path;
}

export interface ImageSpec {
  /** Fastest first, as DM lists them. */
  dims: number[];
  dataType: number;
  /** Encoded type of the Data array's elements. */
  arrayType: number;
  values: number[];
  little: boolean;
  calibrations?: { origin: number; scale: number; units: string }[];
  imageTags?: DmTagSpec[];
}

/** One unnamed ImageList entry. */
export function imageEntry(image: ImageSpec): DmTagSpec {
  const calibrations = image.calibrations ?? image.dims.map(() => ({ origin: 0, scale: 1, units: '' }));
  return {
    name: '',
    group: [
      {
        name: 'ImageData',
        group: [
          {
            name: 'Calibrations',
            group: [
              {
                name: 'Dimension',
                group: calibrations.map((c) => ({
                  name: '',
                  group: [
                    { name: 'Origin', type: 6, value: c.origin },
                    { name: 'Scale', type: 6, value: c.scale },
                    { name: 'Units', text: c.units },
                  ],
                })),
              },
            ],
          },
          { name: 'Data', rawArray: encodeValues(image.arrayType, image.values, image.little), type: image.arrayType, count: image.values.length },
          { name: 'DataType', type: 5, value: image.dataType },
          { name: 'Dimensions', group: image.dims.map((d) => ({ name: '', type: 5, value: d })) },
        ],
      },
      { name: 'ImageTags', group: image.imageTags ?? [] },
      { name: 'Name', text: 'synthetic' },
    ],
  };
}

/** A file with a 4×4 RGBA thumbnail at index 0 (listed in Thumbnails) and the given image at index 1. */
export function fileWithImage(version: 3 | 4, image: ImageSpec): DmFileSpec {
  const thumbnail = imageEntry({ dims: [4, 4], dataType: 23, arrayType: 5, values: new Array<number>(16).fill(0x00ffffff), little: image.little });
  return {
    version,
    littleEndian: image.little,
    tags: [
      { name: 'ImageList', group: [thumbnail, imageEntry(image)] },
      { name: 'Thumbnails', group: [{ name: '', group: [{ name: 'ImageIndex', type: 5, value: 0 }] }] },
    ],
  };
}
