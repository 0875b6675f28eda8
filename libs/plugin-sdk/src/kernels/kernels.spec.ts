import type { DType, TypedArray } from '../dtype';
import type { Tile } from '../plugin';
import { randomData } from '../testing';
import { applyMasks, comMoments } from './masks';
import { sumFrames, sumPerFrame } from './sums';
import { mergeWelford, welfordTile } from './welford';

const depth = 5;
const rows = 3;
const width = 7;
const height = 9;
const rowStart = 4;
const size = rows * width;

function tileOf(dtype: DType): Tile {
  return { data: randomData(dtype, depth * size, 5, 3000), depth, rowStart, rows, width, navIndices: new Int32Array(depth) };
}

describe.each(['uint8', 'uint16', 'int16', 'int32', 'float32', 'float64'] as DType[])('kernels on %s tiles', (dtype) => {
  const tile = tileOf(dtype);
  const at = (f: number, p: number): number => tile.data[f * size + p]!;

  it('sumFrames and sumPerFrame add exactly', () => {
    const sig = new Float64Array(size).fill(1);
    sumFrames(tile, sig);
    const nav = new Float64Array(depth).fill(2);
    sumPerFrame(tile, nav);
    for (let p = 0; p < size; p++) {
      let s = 1;
      for (let f = 0; f < depth; f++) s += at(f, p);
      expect(sig[p]).toBe(s);
    }
    for (let f = 0; f < depth; f++) {
      let s = 2;
      for (let p = 0; p < size; p++) s += at(f, p);
      expect(nav[f]).toBeCloseTo(s, 6);
    }
  });

  it('applyMasks uses the mask rows of the tile band', () => {
    const masks = randomData('float32', 2 * height * width, 9, 1) as Float32Array;
    const out = new Float64Array(depth * 2);
    applyMasks(tile, masks, 2, out);
    for (let f = 0; f < depth; f++) {
      for (let m = 0; m < 2; m++) {
        let s = 0;
        for (let p = 0; p < size; p++) s += at(f, p) * masks[m * height * width + rowStart * width + p]!;
        expect(out[f * 2 + m]).toBeCloseTo(s, 6);
      }
    }
  });

  it('comMoments gives Σ I, Σ I·y, Σ I·x inside the mask', () => {
    const mask = Float32Array.from({ length: height * width }, (_, i) => (i % 3 ? 1 : 0));
    const out = new Float64Array(depth * 3);
    comMoments(tile, mask, out);
    for (let f = 0; f < depth; f++) {
      let i0 = 0;
      let iy = 0;
      let ix = 0;
      for (let r = 0; r < rows; r++) {
        for (let x = 0; x < width; x++) {
          const v = at(f, r * width + x) * mask[(rowStart + r) * width + x]!;
          i0 += v;
          iy += v * (rowStart + r);
          ix += v * x;
        }
      }
      expect([out[f * 3], out[f * 3 + 1], out[f * 3 + 2]].map((v) => Math.round(v! * 1e3) / 1e3)).toEqual([i0, iy, ix].map((v) => Math.round(v * 1e3) / 1e3));
    }
  });

  it('welfordTile and mergeWelford match a two-pass variance', () => {
    const sumA = new Float64Array(size);
    const varA = new Float64Array(size);
    const scratch = new Float64Array(size);
    welfordTile({ ...tile, depth: 2, data: tile.data.subarray(0, 2 * size) as TypedArray }, 0, sumA, varA, scratch);
    welfordTile({ ...tile, depth: 1, data: tile.data.subarray(2 * size, 3 * size) as TypedArray }, 2, sumA, varA, scratch);
    const sumB = new Float64Array(size);
    const varB = new Float64Array(size);
    welfordTile({ ...tile, depth: 2, data: tile.data.subarray(3 * size) as TypedArray }, 0, sumB, varB, scratch);
    mergeWelford(3, sumA, varA, 2, sumB, varB);
    for (let p = 0; p < size; p++) {
      let mean = 0;
      for (let f = 0; f < depth; f++) mean += at(f, p) / depth;
      let v = 0;
      for (let f = 0; f < depth; f++) v += (at(f, p) - mean) ** 2;
      expect(varA[p]).toBeCloseTo(v, 4);
      expect(sumA[p]).toBeCloseTo(mean * depth, 6);
    }
  });
});
