import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Builds small K2IS data sets in the documented layout (LiberTEM k2is.py): 8 sector files of
 * 0x5758-byte blocks (40-byte big-endian header + 930×16 12-bit pixels), 32 blocks per frame and
 * sector, right to left in two block rows. Written independently of the reader.
 */

export const K2_BLOCK = 0x5758;
export const K2_ROWS = 1860;
export const K2_COLS = 2048;

/** Pixel value of frame `id` (the frame id in the headers) at (y, x): 12 bits. */
export function k2Value(id: number, y: number, x: number): number {
  return (id * 131 + y * 7 + x * 3) % 4096;
}

function block(sector: number, b: number, frameId: number, blockCount: number, shutter: boolean): Buffer {
  const buf = Buffer.alloc(K2_BLOCK);
  const x0 = 256 - 16 * ((b % 16) + 1);
  const y0 = 930 * Math.floor(b / 16);
  buf.writeUInt32BE(0xffff0055, 0);
  buf.writeUInt8(1, 8);
  buf.writeUInt8(shutter ? 1 : 0, 9);
  buf.writeUInt32BE(blockCount, 16);
  buf.writeUInt16BE(256, 20);
  buf.writeUInt16BE(1860, 22);
  buf.writeUInt32BE(frameId, 24);
  buf.writeUInt16BE(x0, 28);
  buf.writeUInt16BE(y0, 30);
  buf.writeUInt16BE(x0 + 15, 32);
  buf.writeUInt16BE(y0 + 929, 34);
  buf.writeUInt32BE(K2_BLOCK, 36);
  let at = 40;
  for (let r = 0; r < 930; r++) {
    for (let c = 0; c < 16; c += 2) {
      const a = k2Value(frameId, y0 + r, sector * 256 + x0 + c);
      const z = k2Value(frameId, y0 + r, sector * 256 + x0 + c + 1);
      buf[at] = a & 0xff;
      buf[at + 1] = (a >> 8) | ((z & 0x0f) << 4);
      buf[at + 2] = z >> 4;
      at += 3;
    }
  }
  return buf;
}

export interface K2Spec {
  /** Frame id of the first complete frame. */
  firstId: number;
  /** Frames before the shutter opens, then frames with the flag set. */
  dark: number;
  active: number;
  /** Blocks of a cut-off earlier frame at the start of each sector (misaligned sectors). */
  leading: number[];
  gtg?: { sizeY: number; sizeX: number; voltage: number; cameraLengthMm: number };
}

/** Write `<dir>/<name>1.bin` … `<name>8.bin` (and `<name>.gtg`); returns the sector file paths. */
export function writeK2is(dir: string, name: string, spec: K2Spec): string[] {
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (let s = 0; s < 8; s++) {
    const blocks: Buffer[] = [];
    const lead = spec.leading[s] ?? 0;
    const base = 5000;
    for (let i = 0; i < lead; i++) blocks.push(block(s, 32 - lead + i, spec.firstId - 1, base - lead + i, false));
    for (let f = 0; f < spec.dark + spec.active; f++) {
      for (let b = 0; b < 32; b++) blocks.push(block(s, b, spec.firstId + f, base + f * 32 + b, f >= spec.dark));
    }
    const path = join(dir, `${name}${s + 1}.bin`);
    writeFileSync(path, Buffer.concat(blocks));
    files.push(path);
  }
  if (spec.gtg) writeFileSync(join(dir, `${name}.gtg`), dm4Tags(spec.gtg));
  return files;
}

/** A DM4 tag file with `SI Dimensions` and `Microscope Info` groups (big-endian structure, little-endian values). */
export function dm4Tags(g: NonNullable<K2Spec['gtg']>): Buffer {
  const u8 = (n: number) => Buffer.from([n]);
  const u16 = (n: number) => Buffer.from([n >> 8, n & 0xff]);
  const u64 = (n: number) => {
    const b = Buffer.alloc(8);
    b.writeBigUInt64BE(BigInt(n));
    return b;
  };
  const label = (s: string) => Buffer.concat([u16(s.length), Buffer.from(s, 'latin1')]);
  const data = (name: string, type: number, value: Buffer) => {
    const body = Buffer.concat([Buffer.from('%%%%'), u64(1), u64(type), value]);
    return Buffer.concat([u8(21), label(name), u64(body.length), body]);
  };
  const i32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeInt32LE(n);
    return b;
  };
  const f64 = (n: number) => {
    const b = Buffer.alloc(8);
    b.writeDoubleLE(n);
    return b;
  };
  const group = (name: string, entries: Buffer[]) => {
    const body = Buffer.concat([u8(0), u8(1), u64(entries.length), ...entries]);
    return Buffer.concat([u8(20), label(name), u64(body.length), body]);
  };
  const root = [
    group('SI Dimensions', [data('Size X', 3, i32(g.sizeX)), data('Size Y', 3, i32(g.sizeY))]),
    group('Microscope Info', [data('Voltage', 7, f64(g.voltage)), data('STEM Camera Length', 7, f64(g.cameraLengthMm))]),
  ];
  const rootBody = Buffer.concat([u8(0), u8(1), u64(root.length), ...root]);
  const header = Buffer.alloc(16);
  header.writeUInt32BE(4, 0);
  header.writeBigUInt64BE(BigInt(rootBody.length), 4);
  header.writeUInt32BE(1, 12);
  return Buffer.concat([header, rootBody, Buffer.alloc(16)]);
}
