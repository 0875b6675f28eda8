// Reader for NumPy .npy files (format versions 1–3), returning float32 values. Pure.

export interface NpyArray {
  shape: number[];
  dtype: string;
  data: Float32Array;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

type Reader = (view: DataView, offset: number, little: boolean) => number;

const READERS: Record<string, [size: number, read: Reader]> = {
  b1: [1, (v, o) => v.getUint8(o)],
  u1: [1, (v, o) => v.getUint8(o)],
  i1: [1, (v, o) => v.getInt8(o)],
  u2: [2, (v, o, le) => v.getUint16(o, le)],
  i2: [2, (v, o, le) => v.getInt16(o, le)],
  u4: [4, (v, o, le) => v.getUint32(o, le)],
  i4: [4, (v, o, le) => v.getInt32(o, le)],
  u8: [8, (v, o, le) => Number(v.getBigUint64(o, le))],
  i8: [8, (v, o, le) => Number(v.getBigInt64(o, le))],
  f4: [4, (v, o, le) => v.getFloat32(o, le)],
  f8: [8, (v, o, le) => v.getFloat64(o, le)],
};

function field(header: string, key: string): string | undefined {
  const match = new RegExp(`['"]${key}['"]\\s*:\\s*([^,}]+)`).exec(header);
  return match?.[1].trim();
}

function parseShape(header: string): number[] {
  const match = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(header);
  if (!match) throw new Error('npy header has no shape');
  return match[1]
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => Number.parseInt(s, 10));
}

export function parseNpy(buffer: ArrayBuffer): NpyArray {
  const bytes = new Uint8Array(buffer);
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) throw new Error('not a .npy file');
  const view = new DataView(buffer);
  const major = bytes[6];
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = major === 1 ? 10 : 12;
  const decoder = new TextDecoder(major >= 3 ? 'utf-8' : 'latin1');
  const header = decoder.decode(bytes.subarray(headerStart, headerStart + headerLength));

  const descr = field(header, 'descr')?.replace(/['"]/g, '');
  if (!descr) throw new Error('npy header has no descr');
  if (field(header, 'fortran_order') === 'True') throw new Error('Fortran-ordered .npy files are not supported');
  const shape = parseShape(header);

  const order = descr[0];
  const kind = descr.slice(1);
  const reader = READERS[kind];
  if (!reader) throw new Error(`npy dtype ${descr} is not supported`);
  const [size, read] = reader;
  const little = order !== '>';

  const count = shape.reduce((n, d) => n * d, 1);
  const dataStart = headerStart + headerLength;
  if (dataStart + count * size > buffer.byteLength) throw new Error('npy file is truncated');

  const data = new Float32Array(count);
  for (let i = 0; i < count; i++) data[i] = read(view, dataStart + i * size, little);
  return { shape, dtype: descr, data };
}
