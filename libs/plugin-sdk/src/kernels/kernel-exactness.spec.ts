import type { DType, TypedArray } from '../dtype';
import type { Tile } from '../plugin';
import { randomData } from '../testing';
import { applyMasks, applyMasksJs, comMoments, comMomentsJs } from './masks';
import { native } from './native';
import { applySparseMasks, sparseMasksFrom } from './sparse-masks';
import { sumFrames, sumFramesJs, sumPerFrame, sumPerFrameJs } from './sums';
import { welfordTile, welfordTileJs } from './welford';

/**
 * Every kernel on every build this CPU runs (each native instruction set and the JavaScript
 * fallback) against a plain float64 computation in this file, on tiles shaped to cross the
 * kernels' internal blocks: 7 frames (not a multiple of 4), a band of 5 rows × 517 columns
 * (2585 pixels: past the 2048-pixel chunks and 256-pixel mask blocks, with remainders),
 * starting at row 3 of a 12-row frame. Integer data must come out exact, floats within the
 * stated relative tolerance of Σ|terms|.
 */
const DEPTH = 7;
const ROWS = 5;
const WIDTH = 517;
const HEIGHT = 12;
const ROW_START = 3;
const SIZE = ROWS * WIDTH;
const FLOAT_TOLERANCE = 1e-12;
const DTYPES: DType[] = ['uint8', 'int8', 'uint16', 'int16', 'uint32', 'int32', 'float32', 'float64'];
const SCALE: Record<DType, number> = { uint8: 255, int8: 127, uint16: 65535, int16: 32767, uint32: 4e9, int32: 2e9, float32: 1e4, float64: 1e4, bool: 1 } as Record<DType, number>;

interface Impl {
  name: string;
  activate(): void;
  sumFrames: typeof sumFrames;
  sumPerFrame: typeof sumPerFrame;
  applyMasks: typeof applyMasks;
  comMoments: typeof comMoments;
  welfordTile: typeof welfordTile;
}

const nativeImpls: Impl[] = (native?.supportedIsas() ?? []).map((isa) => ({
  name: `native ${isa}`,
  activate: () => native!.useIsa(isa),
  sumFrames,
  sumPerFrame,
  applyMasks,
  comMoments,
  welfordTile,
}));
const jsImpl: Impl = {
  name: 'javascript',
  activate: () => undefined,
  sumFrames: sumFramesJs,
  sumPerFrame: sumPerFrameJs,
  applyMasks: applyMasksJs,
  comMoments: comMomentsJs,
  welfordTile: welfordTileJs,
};

afterAll(() => native?.useIsa(native.isa));

it('the native kernels are built and load (npm run build compiles them)', () => {
  expect(native).toBeDefined();
  expect(nativeImpls.length).toBeGreaterThanOrEqual(1);
});

const isInt = (dtype: DType): boolean => !dtype.startsWith('float');

/** Random values over the type's range; signed types and floats get both signs. */
function tileOf(dtype: DType): Tile {
  const data = randomData(dtype, DEPTH * SIZE, 17, SCALE[dtype]);
  const signed = dtype.startsWith('int') || dtype.startsWith('float');
  if (signed) for (let i = 0; i < data.length; i++) data[i] = data[i]! - Math.floor(SCALE[dtype] / 2);
  return { data, depth: DEPTH, rowStart: ROW_START, rows: ROWS, width: WIDTH, navIndices: new Int32Array(DEPTH) };
}

/** got ≈ want: exactly for integer data, else within FLOAT_TOLERANCE × scale. */
function expectNear(got: number, want: number, scale: number, exact: boolean, what: string): void {
  if (exact) expect([what, got]).toEqual([what, want]);
  else if (Math.abs(got - want) > FLOAT_TOLERANCE * Math.max(scale, 1)) expect([what, got]).toEqual([what, want]);
}

describe.each([...nativeImpls, jsImpl].map((impl) => [impl.name, impl] as const))('%s kernels', (_name, impl) => {
  beforeAll(() => impl.activate());

  describe.each(DTYPES)('on %s tiles', (dtype) => {
    const tile = tileOf(dtype);
    const x = (f: number, p: number): number => tile.data[f * SIZE + p]!;
    const exact = isInt(dtype);

    it('sumFrames adds every frame into float64 and float32 outputs', () => {
      const out = new Float64Array(SIZE).fill(0.5);
      impl.sumFrames(tile, out);
      const out32 = new Float32Array(SIZE);
      impl.sumFrames(tile, out32);
      for (let p = 0; p < SIZE; p++) {
        let s = 0.5;
        let abs = 0;
        for (let f = 0; f < DEPTH; f++) {
          s += x(f, p);
          abs += Math.abs(x(f, p));
        }
        expectNear(out[p]!, s, abs, exact, `sum ${p}`);
        // A float32 output rounds at most once per frame added (the JavaScript path adds frame by frame).
        expect(Math.abs(out32[p]! - (s - 0.5))).toBeLessThanOrEqual((DEPTH + 1) * abs * 2 ** -24);
      }
    });

    it('sumPerFrame gives each frame total', () => {
      const out = new Float64Array(DEPTH).fill(3);
      impl.sumPerFrame(tile, out);
      for (let f = 0; f < DEPTH; f++) {
        let s = 3;
        let abs = 0;
        for (let p = 0; p < SIZE; p++) {
          s += x(f, p);
          abs += Math.abs(x(f, p));
        }
        expectNear(out[f]!, s, abs, exact, `frame ${f}`);
      }
    });

    it.each([
      ['0/1 float32', 3, (i: number) => ((i * 7919) % 5 < 2 ? 1 : 0), Float32Array],
      ['random float32', 16, (i: number) => ((i * 2654435761) % 1000) / 997 - 0.3, Float32Array],
      ['random float64', 2, (i: number) => Math.sin(i), Float64Array],
    ] as const)('applyMasks with %s masks (%i at once) reads the tile band of each mask', (_kind, count, weight, Kind) => {
      const masks = new Kind(count * HEIGHT * WIDTH).map((_, i) => weight(i));
      const out = new Float64Array(DEPTH * count).fill(1);
      impl.applyMasks(tile, masks, count, out);
      const binary = masks.every((w) => w === 0 || w === 1);
      for (let f = 0; f < DEPTH; f++) {
        for (let m = 0; m < count; m++) {
          let s = 1;
          let abs = 0;
          for (let p = 0; p < SIZE; p++) {
            const term = x(f, p) * masks[m * HEIGHT * WIDTH + ROW_START * WIDTH + p]!;
            s += term;
            abs += Math.abs(term);
          }
          expectNear(out[f * count + m]!, s, abs, exact && binary, `frame ${f} mask ${m}`);
        }
      }
    });

    it('applySparseMasks equals the dense computation', () => {
      const count = 3;
      const dense = Float64Array.from({ length: count * HEIGHT * WIDTH }, (_, i) => ((i * 31) % 9 === 0 ? ((i % 4) + 1) / 4 : 0));
      const out = new Float64Array(DEPTH * count);
      applySparseMasks(tile, sparseMasksFrom(dense, count, HEIGHT, WIDTH), out);
      for (let f = 0; f < DEPTH; f++) {
        for (let m = 0; m < count; m++) {
          let s = 0;
          let abs = 0;
          for (let p = 0; p < SIZE; p++) {
            const term = x(f, p) * dense[m * HEIGHT * WIDTH + ROW_START * WIDTH + p]!;
            s += term;
            abs += Math.abs(term);
          }
          expectNear(out[f * count + m]!, s, abs, exact, `frame ${f} mask ${m}`);
        }
      }
    });

    it.each([
      ['uint8 0/1', (n: number) => Uint8Array.from({ length: n }, (_, i) => (i % 3 ? 1 : 0))],
      ['float32 all-ones', (n: number) => new Float32Array(n).fill(1)],
      ['float32 0/1', (n: number) => Float32Array.from({ length: n }, (_, i) => (i % 3 ? 1 : 0))],
      ['float64 weights', (n: number) => Float64Array.from({ length: n }, (_, i) => ((i % 7) + 1) / 8)],
    ] as const)('comMoments with a %s mask gives Σ m·I, Σ m·I·y, Σ m·I·x', (_kind, makeMask) => {
      const mask = makeMask(HEIGHT * WIDTH);
      const out = new Float64Array(DEPTH * 3);
      impl.comMoments(tile, mask, out);
      for (let f = 0; f < DEPTH; f++) {
        const want = [0, 0, 0];
        let abs = 0;
        for (let r = 0; r < ROWS; r++) {
          for (let c = 0; c < WIDTH; c++) {
            const v = x(f, r * WIDTH + c) * mask[(ROW_START + r) * WIDTH + c]!;
            want[0]! += v;
            want[1]! += v * (ROW_START + r);
            want[2]! += v * c;
            abs += Math.abs(v) * (1 + ROW_START + r + c);
          }
        }
        want.forEach((w, k) => expectNear(out[f * 3 + k]!, w, abs, exact, `frame ${f} moment ${k}`));
      }
    });

    it('welfordTile folds tiles into the two-pass mean and varsum', () => {
      const sum = new Float64Array(SIZE);
      const varsum = new Float64Array(SIZE);
      const scratch = new Float64Array(SIZE);
      const part = (from: number, to: number): Tile => ({ ...tile, depth: to - from, data: tile.data.subarray(from * SIZE, to * SIZE) as TypedArray });
      impl.welfordTile(part(0, 3), 0, sum, varsum, scratch);
      impl.welfordTile(part(3, 4), 3, sum, varsum, scratch);
      impl.welfordTile(part(4, DEPTH), 4, sum, varsum, scratch);
      for (let p = 0; p < SIZE; p++) {
        let s = 0;
        for (let f = 0; f < DEPTH; f++) s += x(f, p);
        const mean = s / DEPTH;
        let v = 0;
        let squares = 0;
        for (let f = 0; f < DEPTH; f++) {
          v += (x(f, p) - mean) ** 2;
          squares += x(f, p) ** 2;
        }
        expectNear(sum[p]!, s, s, exact, `sum ${p}`);
        // The variance is a difference of squares: its error scales with Σx², not with the result.
        expect(Math.abs(varsum[p]! - v)).toBeLessThanOrEqual(1e-12 * squares + 1e-300);
      }
    });
  });
});
