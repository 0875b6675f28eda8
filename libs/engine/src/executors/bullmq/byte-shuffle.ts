import type { TypedArray } from '@stemflow/plugin-sdk';

/**
 * Byte shuffle (the filter blosc and HDF5 use before compressing): the n elements of width w
 * become w planes, plane b holding byte b of every element. Float64 sums of integer counts
 * have mostly-zero low mantissa bytes and near-constant exponents; shuffled, lz4 finds those
 * runs (the sum of a 2048-frame partition: 512 KiB → 103 KiB instead of 201 KiB) and runs
 * ~4× faster, and the shuffle itself costs less than the lz4 time it saves.
 *
 * Layout: planes over the first n − n % 4 elements, then the last n % 4 elements unshuffled,
 * so the fast path can move whole 32-bit words. Both paths write the same bytes.
 */
export function shuffleBytes(src: TypedArray, out: Uint8Array, at: number): void {
  const width = src.BYTES_PER_ELEMENT;
  const bytes = new Uint8Array(src.buffer, src.byteOffset, src.byteLength);
  if (width === 1) return out.set(bytes, at);
  const n4 = src.length - (src.length % 4);
  const words = n4 > 0 && wordAligned(src.byteOffset, out.byteOffset + at);
  if (words && width === 8) shuffle8(new Uint32Array(src.buffer, src.byteOffset, n4 * 2), words32(out, at, n4 * 8), n4 / 4);
  else if (words && width === 4) shuffle4(new Uint32Array(src.buffer, src.byteOffset, n4), words32(out, at, n4 * 4), n4 / 4);
  else if (words && width === 2) shuffle2(new Uint32Array(src.buffer, src.byteOffset, n4 / 2), words32(out, at, n4 * 2), n4 / 4);
  else for (let b = 0; b < width; b++) for (let i = 0, p = at + b * n4; i < n4; i++) out[p + i] = bytes[i * width + b]!;
  out.set(bytes.subarray(n4 * width), at + n4 * width);
}

/** The inverse of `shuffleBytes`: planes at `src[at…]` back into the elements of `dest`. */
export function unshuffleBytes(src: Uint8Array, at: number, dest: TypedArray): void {
  const width = dest.BYTES_PER_ELEMENT;
  const bytes = new Uint8Array(dest.buffer, dest.byteOffset, dest.byteLength);
  if (width === 1) return bytes.set(src.subarray(at, at + dest.byteLength));
  const n4 = dest.length - (dest.length % 4);
  const words = n4 > 0 && wordAligned(dest.byteOffset, src.byteOffset + at);
  if (words && width === 8) unshuffle8(words32(src, at, n4 * 8), new Uint32Array(dest.buffer, dest.byteOffset, n4 * 2), n4 / 4);
  else if (words && width === 4) unshuffle4(words32(src, at, n4 * 4), new Uint32Array(dest.buffer, dest.byteOffset, n4), n4 / 4);
  else if (words && width === 2) unshuffle2(words32(src, at, n4 * 2), new Uint32Array(dest.buffer, dest.byteOffset, n4 / 2), n4 / 4);
  else for (let b = 0; b < width; b++) for (let i = 0, p = at + b * n4; i < n4; i++) bytes[i * width + b] = src[p + i]!;
  bytes.set(src.subarray(at + n4 * width, at + dest.byteLength), n4 * width);
}

const wordAligned = (a: number, b: number): boolean => a % 4 === 0 && b % 4 === 0;
const words32 = (a: Uint8Array, at: number, length: number): Uint32Array => new Uint32Array(a.buffer, a.byteOffset + at, length / 4);

// Each step moves 4 elements: byte b of element k goes to byte k of plane b's word (little-endian).

function shuffle8(s: Uint32Array, o: Uint32Array, q: number): void {
  for (let w = 0, i = 0; w < q; w++, i += 8) {
    const l0 = s[i]!, h0 = s[i + 1]!, l1 = s[i + 2]!, h1 = s[i + 3]!, l2 = s[i + 4]!, h2 = s[i + 5]!, l3 = s[i + 6]!, h3 = s[i + 7]!;
    o[w] = (l0 & 0xff) | ((l1 & 0xff) << 8) | ((l2 & 0xff) << 16) | (l3 << 24);
    o[w + q] = ((l0 >>> 8) & 0xff) | (l1 & 0xff00) | ((l2 & 0xff00) << 8) | ((l3 & 0xff00) << 16);
    o[w + 2 * q] = ((l0 >>> 16) & 0xff) | ((l1 >>> 8) & 0xff00) | (l2 & 0xff0000) | ((l3 & 0xff0000) << 8);
    o[w + 3 * q] = (l0 >>> 24) | ((l1 >>> 16) & 0xff00) | ((l2 >>> 8) & 0xff0000) | (l3 & 0xff000000);
    o[w + 4 * q] = (h0 & 0xff) | ((h1 & 0xff) << 8) | ((h2 & 0xff) << 16) | (h3 << 24);
    o[w + 5 * q] = ((h0 >>> 8) & 0xff) | (h1 & 0xff00) | ((h2 & 0xff00) << 8) | ((h3 & 0xff00) << 16);
    o[w + 6 * q] = ((h0 >>> 16) & 0xff) | ((h1 >>> 8) & 0xff00) | (h2 & 0xff0000) | ((h3 & 0xff0000) << 8);
    o[w + 7 * q] = (h0 >>> 24) | ((h1 >>> 16) & 0xff00) | ((h2 >>> 8) & 0xff0000) | (h3 & 0xff000000);
  }
}

function unshuffle8(p: Uint32Array, d: Uint32Array, q: number): void {
  for (let w = 0, i = 0; w < q; w++, i += 8) {
    const p0 = p[w]!, p1 = p[w + q]!, p2 = p[w + 2 * q]!, p3 = p[w + 3 * q]!, p4 = p[w + 4 * q]!, p5 = p[w + 5 * q]!, p6 = p[w + 6 * q]!, p7 = p[w + 7 * q]!;
    d[i] = (p0 & 0xff) | ((p1 & 0xff) << 8) | ((p2 & 0xff) << 16) | (p3 << 24);
    d[i + 1] = (p4 & 0xff) | ((p5 & 0xff) << 8) | ((p6 & 0xff) << 16) | (p7 << 24);
    d[i + 2] = ((p0 >>> 8) & 0xff) | (p1 & 0xff00) | ((p2 & 0xff00) << 8) | ((p3 & 0xff00) << 16);
    d[i + 3] = ((p4 >>> 8) & 0xff) | (p5 & 0xff00) | ((p6 & 0xff00) << 8) | ((p7 & 0xff00) << 16);
    d[i + 4] = ((p0 >>> 16) & 0xff) | ((p1 >>> 8) & 0xff00) | (p2 & 0xff0000) | ((p3 & 0xff0000) << 8);
    d[i + 5] = ((p4 >>> 16) & 0xff) | ((p5 >>> 8) & 0xff00) | (p6 & 0xff0000) | ((p7 & 0xff0000) << 8);
    d[i + 6] = (p0 >>> 24) | ((p1 >>> 16) & 0xff00) | ((p2 >>> 8) & 0xff0000) | (p3 & 0xff000000);
    d[i + 7] = (p4 >>> 24) | ((p5 >>> 16) & 0xff00) | ((p6 >>> 8) & 0xff0000) | (p7 & 0xff000000);
  }
}

function shuffle4(s: Uint32Array, o: Uint32Array, q: number): void {
  for (let w = 0, i = 0; w < q; w++, i += 4) {
    const e0 = s[i]!, e1 = s[i + 1]!, e2 = s[i + 2]!, e3 = s[i + 3]!;
    o[w] = (e0 & 0xff) | ((e1 & 0xff) << 8) | ((e2 & 0xff) << 16) | (e3 << 24);
    o[w + q] = ((e0 >>> 8) & 0xff) | (e1 & 0xff00) | ((e2 & 0xff00) << 8) | ((e3 & 0xff00) << 16);
    o[w + 2 * q] = ((e0 >>> 16) & 0xff) | ((e1 >>> 8) & 0xff00) | (e2 & 0xff0000) | ((e3 & 0xff0000) << 8);
    o[w + 3 * q] = (e0 >>> 24) | ((e1 >>> 16) & 0xff00) | ((e2 >>> 8) & 0xff0000) | (e3 & 0xff000000);
  }
}

function unshuffle4(p: Uint32Array, d: Uint32Array, q: number): void {
  for (let w = 0, i = 0; w < q; w++, i += 4) {
    const p0 = p[w]!, p1 = p[w + q]!, p2 = p[w + 2 * q]!, p3 = p[w + 3 * q]!;
    d[i] = (p0 & 0xff) | ((p1 & 0xff) << 8) | ((p2 & 0xff) << 16) | (p3 << 24);
    d[i + 1] = ((p0 >>> 8) & 0xff) | (p1 & 0xff00) | ((p2 & 0xff00) << 8) | ((p3 & 0xff00) << 16);
    d[i + 2] = ((p0 >>> 16) & 0xff) | ((p1 >>> 8) & 0xff00) | (p2 & 0xff0000) | ((p3 & 0xff0000) << 8);
    d[i + 3] = (p0 >>> 24) | ((p1 >>> 16) & 0xff00) | ((p2 >>> 8) & 0xff0000) | (p3 & 0xff000000);
  }
}

/** Two 16-bit elements per source word: x = e0 | e1 << 16, y = e2 | e3 << 16. */
function shuffle2(s: Uint32Array, o: Uint32Array, q: number): void {
  for (let w = 0, i = 0; w < q; w++, i += 2) {
    const x = s[i]!, y = s[i + 1]!;
    o[w] = (x & 0xff) | ((x >>> 8) & 0xff00) | ((y & 0xff) << 16) | ((y & 0xff0000) << 8);
    o[w + q] = ((x >>> 8) & 0xff) | ((x >>> 16) & 0xff00) | ((y & 0xff00) << 8) | (y & 0xff000000);
  }
}

function unshuffle2(p: Uint32Array, d: Uint32Array, q: number): void {
  for (let w = 0, i = 0; w < q; w++, i += 2) {
    const lo = p[w]!, hi = p[w + q]!;
    d[i] = (lo & 0xff) | ((hi & 0xff) << 8) | ((lo & 0xff00) << 8) | ((hi & 0xff00) << 16);
    d[i + 1] = ((lo >>> 16) & 0xff) | ((hi >>> 8) & 0xff00) | ((lo >>> 8) & 0xff0000) | (hi & 0xff000000);
  }
}
