import type { DType } from './dtype';
import { applyMasks } from './kernels/masks';
import { applySparseMasks, concatSparseMasks, denseFromSparse, sparseMasksFrom } from './kernels/sparse-masks';
import { decodeBase64, decodeMaskData, encodeBase64, encodeMaskData, maskDataErrors } from './masks-data';
import { applyMaskStack, buildMaskStack, detectorWeights, fillAntialiasedRing, polygonMask, type PolygonVertex } from './masks-geometry';
import { detectorMask } from './masks';
import type { Tile } from './plugin';
import { randomData } from './testing';

const H = 13;
const W = 17;

/** PNPOLY as W. R. Franklin wrote it, with the division (independent of the cross-multiplied kernel). */
function pnpoly(vs: readonly PolygonVertex[], px: number, py: number): boolean {
  let inside = false;
  for (let i = 0, j = vs.length - 1; i < vs.length; j = i++) {
    const a = vs[i]!;
    const b = vs[j]!;
    if (a.y > py !== b.y > py && px < ((b.x - a.x) * (py - a.y)) / (b.y - a.y) + a.x) inside = !inside;
  }
  return inside;
}

const sum = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0);
const V = (...xy: number[]): PolygonVertex[] => Array.from({ length: xy.length / 2 }, (_, i) => ({ x: xy[2 * i]!, y: xy[2 * i + 1]! }));

describe('polygon masks', () => {
  const polygons: Record<string, PolygonVertex[]> = {
    'integer rectangle': V(2, 3, 9, 3, 9, 8, 2, 8),
    'diamond through pixel centres': V(8, 1, 14, 7, 8, 13, 2, 7),
    'concave arrow, half-integer vertices': V(1.5, 1.5, 12.5, 6, 1.5, 10.5, 5.5, 6),
    'self-intersecting star (even–odd)': V(8.3, 0.2, 11.1, 12.7, 1.2, 4.4, 15.6, 4.1, 3.9, 12.2),
    'partly off the frame, clockwise': V(-5, -4.2, 20.7, 2.2, 12.1, 30),
    'far vertices': V(-1e5, 6.5, 1e5, 6.5, 1e5, 7.5, -1e5, 7.5),
  };

  test.each(Object.entries(polygons))('%s equals PNPOLY on every pixel centre', (_, vs) => {
    const m = polygonMask([H, W], vs);
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) expect([y, x, m[y * W + x]]).toEqual([y, x, pnpoly(vs, x, y) ? 1 : 0]);
    expect(sum(m)).toBeGreaterThan(0);
  });

  test('an integer rectangle is the half-open rect of masks.ts (left/top edges in, right/bottom out)', () => {
    const poly = polygonMask([H, W], polygons['integer rectangle']!);
    const rect = detectorMask([H, W], { shape: 'rect', x: 2, y: 3, width: 7, height: 5 });
    expect(Array.from(poly)).toEqual(Array.from(rect));
    expect(sum(poly)).toBe(35); // = the area
  });

  test('two polygons sharing an edge take each pixel once (a rectangle cut on its diagonal)', () => {
    const a = polygonMask([H, W], V(1, 1, 13, 1, 13, 10));
    const b = polygonMask([H, W], V(1, 1, 13, 10, 1, 10));
    const whole = polygonMask([H, W], V(1, 1, 13, 1, 13, 10, 1, 10));
    for (let i = 0; i < H * W; i++) expect(a[i]! + b[i]!).toBe(whole[i]);
    expect(sum(whole)).toBe(12 * 9);
  });

  test('orientation does not matter; degenerate polygons are empty', () => {
    const vs = polygons['concave arrow, half-integer vertices']!;
    expect(Array.from(polygonMask([H, W], [...vs].reverse()))).toEqual(Array.from(polygonMask([H, W], vs)));
    expect(sum(polygonMask([H, W], V(1, 1, 5, 5, 9, 9)))).toBe(0);
    expect(sum(polygonMask([H, W], V(1, 1, 5, 5)))).toBe(0);
  });
});

/** LiberTEM's radial_bins(n_bins=1) written out: ramp clip(w/2 + ½ − |d − r0|, 0, 1), centre patch 1 − ri. */
function libertemRing(cx: number, cy: number, ri: number, ro: number): Float64Array {
  const out = new Float64Array(H * W);
  const width = ro - ri;
  const r0 = ri + width / 2;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) out[y * W + x] = Math.max(0, Math.min(1, width / 2 + 0.5 - Math.abs(Math.hypot(y - cy, x - cx) - r0)));
  }
  const npRound = (v: number) => (Math.abs(v % 1) === 0.5 ? 2 * Math.round(v / 2) : Math.round(v));
  if (ri < 0.5) {
    const yy = npRound(cy);
    const xx = npRound(cx);
    if (yy >= 0 && yy < H && xx >= 0 && xx < W) out[yy * W + xx] = 1 - ri;
  }
  return out;
}

describe('anti-aliased disks and rings (LiberTEM radial ramp)', () => {
  test.each([
    [6, 8, 0, 4],
    [6.3, 7.7, 0, 3.2],
    [6.5, 8.5, 0, 5], // centre on a pixel corner: round half to even
    [6, 8, 2, 5],
    [5.2, 7.9, 0.3, 4.6],
    [0, 0, 0, 3],
  ])('centre (%f, %f), ri %f, ro %f equals the formula', (cy, cx, ri, ro) => {
    const out = new Float64Array(H * W);
    fillAntialiasedRing(out, H, W, cx, cy, ri, ro);
    const ref = libertemRing(cx, cy, ri, ro);
    for (let i = 0; i < H * W; i++) expect(out[i]).toBeCloseTo(ref[i]!, 14);
  });

  test('known values: ½ on the edge, 1 inside by ½, 0 outside by ½, area ≈ π r²', () => {
    const h = 101;
    const w = 101;
    const out = new Float64Array(h * w);
    fillAntialiasedRing(out, h, w, 50, 50, 0, 30);
    expect(out[50 * w + 80]).toBe(0.5); // d = 30
    expect(out[50 * w + 79]).toBe(1); // d = 29
    expect(out[50 * w + 81]).toBe(0); // d = 31
    expect(out[50 * w + 50]).toBe(1);
    expect(sum(out) / (Math.PI * 900)).toBeCloseTo(1, 3);
    const ring = new Float64Array(h * w);
    fillAntialiasedRing(ring, h, w, 50.3, 49.6, 10, 30);
    expect(sum(ring) / (Math.PI * (900 - 100))).toBeCloseTo(1, 2);
  });

  test('detectorWeights picks the ramp only with antialiased', () => {
    const sharp = detectorWeights([H, W], { shape: 'disk', cx: 8, cy: 6, r: 4 });
    expect(Array.from(sharp)).toEqual(Array.from(detectorMask([H, W], { shape: 'disk', cx: 8, cy: 6, r: 4 })));
    const soft = detectorWeights([H, W], { shape: 'ring', cx: 8, cy: 6, ri: 2, ro: 5, antialiased: true });
    const ref = libertemRing(8, 6, 2, 5);
    soft.forEach((v, i) => expect(v).toBeCloseTo(ref[i]!, 14));
    expect(soft.some((v) => v > 0 && v < 1)).toBe(true);
  });
});

describe('masks as data', () => {
  test('base64 round trip equals Node Buffer for every length mod 3', () => {
    for (const n of [0, 1, 2, 3, 4, 5, 100, 301]) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + 11) & 255);
      const text = encodeBase64(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64'));
      expect(Array.from(decodeBase64(text)!)).toEqual(Array.from(bytes));
    }
    for (const bad of ['abc', 'ab=c', 'a===', 'ab cd', 'ab\ncd', 'é123']) expect(decodeBase64(bad)).toBeNull();
  });

  test('float32 little-endian and uint8 masks decode to their values', () => {
    const values = Float32Array.from({ length: 6 }, (_, i) => (i - 2.5) / 3);
    const f = encodeMaskData([2, 3], values);
    expect(f.data).toBe(Buffer.from(values.buffer).toString('base64')); // little-endian host
    expect(Array.from(decodeMaskData(f, [2, 3]))).toEqual(Array.from(values));
    const u = encodeMaskData([2, 3], [0, 1, 2, 0, 255, 1], 'uint8');
    expect(Array.from(decodeMaskData(u, [2, 3]))).toEqual([0, 1, 2, 0, 255, 1]);
  });

  test('a mask that does not fit is refused with the pointer and the fix', () => {
    const m = encodeMaskData([2, 3], [0, 1, 0, 1, 1, 0], 'uint8');
    expect(maskDataErrors(m, [3, 2], '/mask')).toEqual([{ path: '/mask/shape', message: expect.stringMatching(/mask is 2×3 but the detector is 3×2/) }]);
    expect(maskDataErrors({ ...m, shape: [2, 4] }, undefined, '/m')).toEqual([{ path: '/m/data', message: expect.stringMatching(/holds 6 bytes .* needs 8/) }]);
    expect(maskDataErrors({ ...m, data: 'AAAA!AAA' }, [2, 3], '/mask')[0]!.path).toBe('/mask/data');
    expect(maskDataErrors(encodeMaskData([1, 2], [0, 0], 'uint8'), [1, 2], '/mask')[0]!.message).toMatch(/no non-zero/);
    expect(maskDataErrors(encodeMaskData([1, 2], [1, NaN]), [1, 2], '/mask')[0]!.message).toMatch(/column 1\) is NaN/);
    expect(() => decodeMaskData(m, [3, 2])).toThrow(expect.objectContaining({ code: 'PARAMS_INVALID', errors: [expect.objectContaining({ path: '/mask/shape' })] }));
  });
});

describe('sparse masks', () => {
  const depth = 4;
  const rows = 5;
  const rowStart = 6;
  const count = 3;
  const sigSize = H * W;
  // Three masks: a sparse random one, a disk, and one row of float weights.
  const dense = new Float64Array(count * sigSize);
  randomData('float32', sigSize, 3, 1).forEach((v, i) => (dense[i] = v < 0.2 ? v * 5 : 0));
  dense.set(detectorWeights([H, W], { shape: 'disk', cx: 8, cy: 7, r: 3 }), sigSize);
  for (let x = 0; x < W; x++) dense[2 * sigSize + 9 * W + x] = x / 7;

  test.each(['uint16', 'int32', 'float32', 'float64'] as DType[])('%s tile: applySparseMasks equals the float64 dot product of the band', (dtype) => {
    const tile: Tile = { data: randomData(dtype, depth * rows * W, 7, 4000), depth, rowStart, rows, width: W, navIndices: new Int32Array(depth) };
    const sparse = sparseMasksFrom(dense, count, H, W);
    expect(sparse.indices.length).toBe(dense.filter((v) => v !== 0).length);
    const got = new Float64Array(depth * count).fill(0.5);
    applySparseMasks(tile, sparse, got);
    const viaDense = new Float64Array(depth * count).fill(0.5);
    applyMasks(tile, dense, count, viaDense);
    for (let f = 0; f < depth; f++) {
      for (let m = 0; m < count; m++) {
        let s = 0.5;
        for (let r = 0; r < rows; r++) for (let x = 0; x < W; x++) s += Number(tile.data[f * rows * W + r * W + x]) * dense[m * sigSize + (rowStart + r) * W + x]!;
        expect(got[f * count + m]).toBeCloseTo(s, 9);
        expect(viaDense[f * count + m]).toBeCloseTo(s, 9);
      }
    }
  });

  test('concat and densify round trip; a tile that does not fit is refused', () => {
    const parts = [0, 1, 2].map((m) => sparseMasksFrom(dense.subarray(m * sigSize, (m + 1) * sigSize), 1, H, W));
    const joined = concatSparseMasks(parts, H, W);
    expect(joined).toEqual(sparseMasksFrom(dense, count, H, W));
    expect(Array.from(denseFromSparse(joined, new Float64Array(count * sigSize)))).toEqual(Array.from(dense));
    const tile: Tile = { data: new Float32Array(W + 1), depth: 1, rowStart: 0, rows: 1, width: W + 1, navIndices: new Int32Array(1) };
    expect(() => applySparseMasks(tile, joined, new Float64Array(count))).toThrow(RangeError);
  });

  test('buildMaskStack: auto is sparse for small masks, dense for large; all three agree', () => {
    const small = [{ shape: 'point' as const, cx: 3, cy: 4 }, { shape: 'disk' as const, cx: 8, cy: 6, r: 2 }];
    const large = [{ shape: 'rect' as const, x: 0, y: 0, width: W, height: H }, { shape: 'disk' as const, cx: 8, cy: 6, r: 5, antialiased: true }];
    expect(buildMaskStack([H, W], small).sparse).not.toBeNull();
    const big = buildMaskStack([H, W], large);
    expect(big.sparse).toBeNull();
    expect(big.dense).toBeInstanceOf(Float64Array); // anti-aliased weights are not all float32
    expect(buildMaskStack([H, W], [large[0]!]).dense).toBeInstanceOf(Float32Array);
    const tile: Tile = { data: randomData('uint16', 2 * H * W, 2, 5000), depth: 2, rowStart: 0, rows: H, width: W, navIndices: new Int32Array(2) };
    const results = (['auto', 'dense', 'sparse'] as const).map((storage) => {
      const out = new Float64Array(2 * 4);
      applyMaskStack(tile, buildMaskStack([H, W], [...small, ...large], storage), out);
      return Array.from(out);
    });
    for (const r of results.slice(1)) r.forEach((v, i) => expect(v).toBeCloseTo(results[0]![i]!, 8));
  });
});
