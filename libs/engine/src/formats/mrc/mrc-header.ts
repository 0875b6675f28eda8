import { formatCount, StemflowError, type DType } from '@stemflow/plugin-sdk';
import type { ByteOrder } from '../descriptor';
import { fixedString } from './read-head';

export const MRC_HEADER_BYTES = 1024;

/** The MRC2014 main header fields a reader needs (byte offsets from the CCP-EM specification). */
export interface MrcHeader {
  nx: number;
  ny: number;
  nz: number;
  mode: number;
  /** Grid sampling: for volume stacks `mz` is the number of sections per volume. */
  mx: number;
  my: number;
  mz: number;
  /** Cell dimensions in ångström (x, y, z). */
  cell: [number, number, number];
  ispg: number;
  /** Bytes of extended header between the main header and the data. */
  nsymbt: number;
  exttyp: string;
  nversion: number;
  /** Whether bytes 208–211 read 'MAP ' (absent from pre-2000 headers, e.g. ncempy's temp.mrc). */
  hasMapId: boolean;
  byteOrder: ByteOrder;
  dataOffset: number;
  /** IMOD writes unsigned bytes in mode 0 unless its flags say signed. */
  unsignedBytes: boolean;
}

/** How one MRC mode is stored and delivered. */
export interface MrcMode {
  dtype: DType;
  /** Bytes of one stored row of `nx` pixels. */
  rowBytes(nx: number): number;
  /** Stored encoding needing a decoder: float16 → float32, packed 4-bit → uint8. */
  packed?: 'float16' | 'uint4';
}

const MODES: Record<number, MrcMode> = {
  0: { dtype: 'int8', rowBytes: (nx) => nx },
  1: { dtype: 'int16', rowBytes: (nx) => nx * 2 },
  2: { dtype: 'float32', rowBytes: (nx) => nx * 4 },
  6: { dtype: 'uint16', rowBytes: (nx) => nx * 2 },
  12: { dtype: 'float32', rowBytes: (nx) => nx * 2, packed: 'float16' },
  // IMOD: two pixels per byte, rows padded to whole bytes.
  101: { dtype: 'uint8', rowBytes: (nx) => Math.ceil(nx / 2), packed: 'uint4' },
};

const COMPLEX_MODES: Record<number, string> = { 3: 'complex int16', 4: 'complex float32' };
const KNOWN_MODES = new Set([...Object.keys(MODES), ...Object.keys(COMPLEX_MODES)].map(Number));

const IMOD_STAMP = 1146047817;
/** Largest believable axis length: guards loops and allocations against corrupt headers. */
const MAX_AXIS = 2 ** 31 - 1;

export function mrcMode(mode: number, unsignedBytes: boolean, path: string): MrcMode {
  if (mode === 0 && unsignedBytes) return { dtype: 'uint8', rowBytes: (nx) => nx };
  const known = MODES[mode];
  if (known) return known;
  if (COMPLEX_MODES[mode]) {
    throw new StemflowError('FORMAT_UNKNOWN', `${path} holds ${COMPLEX_MODES[mode]} data (MRC mode ${mode}); Stemflow reads real-valued frames only: convert the file (e.g. to its magnitude) first`);
  }
  throw new StemflowError('FILE_CORRUPT', `${path} has MRC mode ${mode}, which is not a known MRC data type (0, 1, 2, 6, 12, 101): the header is corrupt or this is not an MRC file`);
}

function readFields(bytes: Uint8Array, little: boolean) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const i32 = (o: number) => view.getInt32(o, little);
  const f32 = (o: number) => view.getFloat32(o, little);
  return {
    nx: i32(0),
    ny: i32(4),
    nz: i32(8),
    mode: i32(12),
    mx: i32(28),
    my: i32(32),
    mz: i32(36),
    cell: [f32(40), f32(44), f32(48)] as [number, number, number],
    ispg: i32(88),
    nsymbt: i32(92),
    nversion: i32(108),
    imodStamp: i32(152),
    imodFlags: i32(156),
  };
}

type Fields = ReturnType<typeof readFields>;

function plausible(f: Fields): boolean {
  const axis = (n: number) => n >= 1 && n <= MAX_AXIS;
  return axis(f.nx) && axis(f.ny) && axis(f.nz) && KNOWN_MODES.has(f.mode) && f.nsymbt >= 0;
}

/** Whether the data these fields describe fits in a file of `size` bytes (unknown size: assume yes). */
function fits(f: Fields, size: number | undefined): boolean {
  if (size === undefined) return true;
  const bytesPerPixel = f.mode === 0 ? 1 : f.mode === 2 || f.mode === 3 ? 4 : f.mode === 4 ? 8 : f.mode === 101 ? 0.5 : 2;
  return MRC_HEADER_BYTES + f.nsymbt + f.nx * f.ny * f.nz * bytesPerPixel <= size;
}

/**
 * Parse the 1024-byte main header. The machine stamp (byte 212: 0x44 little-endian, 0x11
 * big-endian) says the byte order, but old writers leave it blank or wrong, so the order in
 * which the dimensions and mode make sense (and, if both do, the data fits the file) wins;
 * the stamp only breaks ties.
 */
export function parseMrcHeader(bytes: Uint8Array, path: string, fileSize?: number): MrcHeader {
  if (bytes.length < MRC_HEADER_BYTES) {
    throw new StemflowError('FILE_CORRUPT', `${path} has ${formatCount(bytes.length)} bytes, fewer than the 1,024-byte MRC header`);
  }
  const stampLittle = bytes[212] !== 0x11;
  const first = readFields(bytes, stampLittle);
  const second = readFields(bytes, !stampLittle);
  let little = stampLittle;
  let f = first;
  const swapToSecond = plausible(second) && (!plausible(first) || (!fits(first, fileSize) && fits(second, fileSize)));
  if (swapToSecond) {
    little = !stampLittle;
    f = second;
  } else if (!plausible(first)) {
    throw new StemflowError(
      'FILE_CORRUPT',
      `${path} is not a readable MRC file: its header gives nx=${first.nx}, ny=${first.ny}, nz=${first.nz}, mode=${first.mode}, extended header ${first.nsymbt} bytes (in either byte order, dimensions must be ≥ 1 and the mode one of 0, 1, 2, 3, 4, 6, 12, 101)`,
    );
  }
  return {
    nx: f.nx,
    ny: f.ny,
    nz: f.nz,
    mode: f.mode,
    mx: f.mx,
    my: f.my,
    mz: f.mz,
    cell: f.cell,
    ispg: f.ispg,
    nsymbt: f.nsymbt,
    exttyp: fixedString(bytes, 104, 4),
    nversion: f.nversion,
    hasMapId: fixedString(bytes, 208, 4) === 'MAP ',
    byteOrder: little ? 'little' : 'big',
    dataOffset: MRC_HEADER_BYTES + f.nsymbt,
    unsignedBytes: f.mode === 0 && f.imodStamp === IMOD_STAMP && (f.imodFlags & 1) === 0,
  };
}

/** A volume stack (space groups 401–630) holds nz / mz volumes of mz sections each. */
export function isVolumeStack(h: MrcHeader): boolean {
  return h.ispg >= 401 && h.ispg <= 630 && h.mz > 0 && h.nz % h.mz === 0;
}

/** The detector pixel size [y, x] in metres from the cell size (Å) over the grid sampling, if the header has one. */
export function cellPixelSize(h: MrcHeader): [number, number] | undefined {
  const [cx, cy] = h.cell;
  if (!(h.mx > 0 && h.my > 0 && Number.isFinite(cx) && Number.isFinite(cy) && cx > 0 && cy > 0)) return undefined;
  const x = (cx / h.mx) * 1e-10;
  const y = (cy / h.my) * 1e-10;
  // Sub-femtometre "sizes" are integers reinterpreted as floats (DE's reference files), not calibrations.
  return x > 1e-15 && y > 1e-15 ? [y, x] : undefined;
}
