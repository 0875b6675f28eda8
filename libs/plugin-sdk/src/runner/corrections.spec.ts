import { Type } from 'typebox';
import { product, type TypedArray } from '../dtype';
import { StemflowError } from '../errors';
import { definePlugin, type Frame, type Tile } from '../plugin';
import { MemoryDataSet, randomData, randomDataSet } from '../testing';
import { runUdf } from '../testing/run-udf';
import { correctedDtype, excludedFromCoords, excludedFromMask, prepareCorrections, type Corrections } from './corrections';
import { runInline } from './run-inline';

const NAV = [4, 5];
const SIG = [7, 6];
const H = SIG[0]!;
const W = SIG[1]!;
const FRAME = H * W;

/** Copies every corrected frame into a nav buffer (float64: exact) and records the tile dtypes it saw. */
function copier(method: 'tile' | 'frame' | 'partition', seen: string[] = []) {
  const record = (data: TypedArray) => seen.push(data.constructor.name);
  const copyRows = (data: TypedArray, depth: number, rowStart: number, rows: number, out: TypedArray) => {
    const size = rows * W;
    for (let f = 0; f < depth; f++) for (let p = 0; p < size; p++) out[f * FRAME + rowStart * W + p] = data[f * size + p]!;
  };
  return definePlugin({
    id: `copy-${method}`,
    title: 'Copy',
    description: 'test',
    params: Type.Object({}),
    udf: {
      buffers: { frames: { kind: 'nav', dtype: 'float64', extraShape: [H, W] } },
      ...(method === 'tile'
        ? { processTile: (t: Tile, { out }: { out: { frames: TypedArray } }) => (record(t.data), copyRows(t.data, t.depth, t.rowStart, t.rows, out.frames)) }
        : method === 'frame'
          ? { processFrame: (f: Frame, { out }: { out: { frames: TypedArray } }) => (record(f.data), copyRows(f.data, 1, 0, H, out.frames)) }
          : { processPartition: (t: Tile, { out }: { out: { frames: TypedArray } }) => (record(t.data), copyRows(t.data, t.depth, 0, H, out.frames)) }),
    },
  });
}

/** Plain float64 reference: (raw − dark) · gain, each excluded pixel the mean of its valid 8-neighbours. */
function reference(ds: MemoryDataSet, c: Corrections): Float64Array {
  const bad = new Set(c.excluded ?? []);
  const out = new Float64Array(ds.data.length);
  for (let f = 0; f < ds.frames; f++) {
    const v = (p: number) => (ds.data[f * FRAME + p]! - (c.dark ? c.dark[p]! : 0)) * (c.gain ? c.gain[p]! : 1);
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const p = y * W + x;
        if (!bad.has(p)) {
          out[f * FRAME + p] = v(p);
          continue;
        }
        let s = 0;
        let n = 0;
        for (const [dy, dx] of [[-1, -1], [-1, 0], [-1, 1], [0, -1], [0, 1], [1, -1], [1, 0], [1, 1]] as const) {
          const yy = y + dy;
          const xx = x + dx;
          if (yy < 0 || yy >= H || xx < 0 || xx >= W || bad.has(yy * W + xx)) continue;
          s += v(yy * W + xx);
          n++;
        }
        out[f * FRAME + p] = s / n;
      }
    }
  }
  return out;
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, relative = 2e-7): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!) / Math.max(1, Math.abs(expected[i]!)));
  expect(worst).toBeLessThanOrEqual(relative);
}

const px = (y: number, x: number) => y * W + x;
const ds = randomDataSet(NAV, SIG, 'uint16', 5);
const corrections: Corrections = {
  dark: randomData('float32', FRAME, 11, 50) as Float32Array,
  gain: Float32Array.from(randomData('float32', FRAME, 12, 1), (g) => 0.5 + g),
  // Both corners; a 2×2 cluster on rows 2–3 (cut by the 2|3 boundary of 3-row tiles, its neighbours in rows 1
  // and 4 outside 2-row tiles); a run along the last row; a lone pixel at the right edge of row 1.
  excluded: Uint32Array.from([px(0, 0), px(H - 1, W - 1), px(2, 2), px(2, 3), px(3, 2), px(3, 3), px(H - 1, 1), px(H - 1, 2), px(H - 1, 3), px(1, 5)]),
};
const roi = Uint8Array.from({ length: 20 }, (_, i) => (i % 3 === 0 || (i >= 7 && i < 11) ? 1 : 0));

describe('detector corrections in the runner', () => {
  const expected = reference(ds, corrections);
  const baseline = runUdf(copier('tile'), ds, {}, { corrections, tileShape: { depth: 20, rows: H }, partitions: 1 }).frames!.data;

  it('equal a float64 reference of (raw − dark) · gain with excluded pixels repaired', () => {
    expectClose(baseline, expected);
    // The repairs did something: the corner differs from its uncorrected value.
    expect(baseline[0]).not.toBeCloseTo((ds.data[0]! - corrections.dark![0]!) * corrections.gain![0]!, 3);
  });

  it.each([
    [{ depth: 1, rows: 1 }, 2, false],
    [{ depth: 2, rows: 2 }, 3, false],
    [{ depth: 3, rows: 3 }, 2, true],
    [{ depth: 4, rows: 5 }, 3, true],
    [{ depth: 1, rows: H }, 2, true],
    [{ depth: 7, rows: 1 }, 3, true],
  ])('give bit-identical values for tiles %j, %i partitions, ROI %s', (tileShape, partitions, useRoi) => {
    const seen: string[] = [];
    const got = runUdf(copier('tile', seen), ds, {}, { corrections, tileShape, partitions, ...(useRoi ? { roi } : {}) }).frames!.data;
    for (let f = 0; f < ds.frames; f++) {
      const frame = Array.from(got.subarray(f * FRAME, (f + 1) * FRAME));
      if (useRoi && !roi[f]) expect(frame.every(Number.isNaN)).toBe(true);
      else expect(frame).toEqual(Array.from(baseline.subarray(f * FRAME, (f + 1) * FRAME)));
    }
    expect(new Set(seen)).toEqual(new Set(['Float32Array']));
  });

  it.each(['frame', 'partition'] as const)('give the same values to process%s', (method) => {
    const got = runUdf(copier(method), ds, {}, { corrections, partitions: 3 }).frames!.data;
    expect(Array.from(got)).toEqual(Array.from(baseline));
  });

  it('apply each correction alone', () => {
    for (const only of [{ dark: corrections.dark }, { gain: corrections.gain }, { excluded: corrections.excluded }] as Corrections[]) {
      const got = runUdf(copier('tile'), ds, {}, { corrections: only, tileShape: { depth: 3, rows: 2 } }).frames!.data;
      expectClose(got, reference(ds, only));
    }
  });

  it('leave tiles untouched without corrections (native dtype, raw values)', () => {
    const seen: string[] = [];
    const got = runUdf(copier('tile', seen), ds, {}, { tileShape: { depth: 3, rows: 2 } }).frames!.data;
    expect(Array.from(got)).toEqual(Array.from(ds.data));
    expect(new Set(seen)).toEqual(new Set(['Uint16Array']));
    expect(prepareCorrections({}, ds)).toBeUndefined();
  });

  it('deliver float64 for 32-bit integer data, as NumPy result_type(float32, int32)', () => {
    const wide = new MemoryDataSet(Int32Array.from(randomData('int32', ds.data.length, 3, 2 ** 30)), NAV, SIG);
    const seen: string[] = [];
    const got = runUdf(copier('tile', seen), wide, {}, { corrections, tileShape: { depth: 2, rows: 3 } }).frames!.data;
    expect(new Set(seen)).toEqual(new Set(['Float64Array']));
    expectClose(got, reference(wide, corrections), 1e-12);
    expect(['uint8', 'int8', 'uint16', 'int16', 'float32'].map((d) => correctedDtype(d as never))).toEqual(Array(5).fill('float32'));
    expect(['uint32', 'int32', 'float64'].map((d) => correctedDtype(d as never))).toEqual(Array(3).fill('float64'));
  });

  it('keep sig results consistent across partitions (a sum of corrected frames)', () => {
    const sum = definePlugin({
      id: 'sum-frames',
      title: 'Sum',
      description: 'test',
      params: Type.Object({}),
      udf: {
        buffers: { total: { kind: 'sig', dtype: 'float64' } },
        processTile(tile, { out }) {
          const size = tile.rows * tile.width;
          for (let f = 0; f < tile.depth; f++) for (let p = 0; p < size; p++) out.total[p]! += tile.data[f * size + p]!;
        },
      },
    });
    const total = runInline(sum, {}, ds, { corrections, tileShape: { depth: 3, rows: 3 }, partitions: 3, roi }).results().total!.data;
    const ref = new Float64Array(FRAME);
    for (let f = 0; f < ds.frames; f++) if (roi[f]) for (let p = 0; p < FRAME; p++) ref[p]! += expected[f * FRAME + p]!;
    expectClose(total, ref, 1e-6);
  });
});

describe('refusals', () => {
  const refusal = (c: Corrections, sig: number[] = SIG): StemflowError => {
    try {
      prepareCorrections(c, { sigShape: sig, dtype: 'uint16' });
    } catch (error) {
      return error as StemflowError;
    }
    throw new Error('not refused');
  };

  it('a pixel whose whole neighbourhood is excluded (3×3 block), as LiberTEM with allow_empty=False', () => {
    const block = Uint32Array.from([1, 2, 3].flatMap((y) => [1, 2, 3].map((x) => px(y, x))));
    const e = refusal({ excluded: block });
    expect(e.code).toBe('PARAMS_INVALID');
    expect(e.message).toMatch(/\(y=2, x=2\) cannot be repaired/);
    expect(e.errors).toEqual([{ path: '/corrections/excluded', message: expect.stringMatching(/no valid neighbour/) }]);
    // The runner refuses before calling the UDF.
    expect(() => runUdf(copier('tile'), ds, {}, { corrections: { excluded: block } })).toThrow(/cannot be repaired/);
  });

  it('a corner whose three neighbours are excluded', () => {
    expect(refusal({ excluded: Uint32Array.from([px(0, 0), px(0, 1), px(1, 0), px(1, 1)]) }).message).toMatch(/\(y=0, x=0\)/);
  });

  it('maps of the wrong size and pixels off the detector', () => {
    expect(refusal({ dark: new Float32Array(FRAME - 1) })).toMatchObject({ code: 'SHAPE_MISMATCH', errors: [{ path: '/corrections/dark' }] });
    expect(refusal({ gain: new Float32Array(FRAME + 1) })).toMatchObject({ code: 'SHAPE_MISMATCH', errors: [{ path: '/corrections/gain' }] });
    expect(refusal({ excluded: Uint32Array.from([FRAME]) })).toMatchObject({ code: 'SHAPE_MISMATCH', errors: [{ path: '/corrections/excluded' }] });
    expect(refusal({ excluded: Uint32Array.from([1]) }, [2, 3, 4]).message).toMatch(/1-D or 2-D/);
  });
});

describe('excluded pixel lists', () => {
  it('come from a sig-shaped map or from (y, x) pairs', () => {
    const mask = new Uint8Array(FRAME);
    mask[px(2, 3)] = 1;
    mask[px(6, 0)] = 1;
    expect(Array.from(excludedFromMask(mask))).toEqual([px(2, 3), px(6, 0)]);
    expect(Array.from(excludedFromCoords([2, 3, 6, 0], SIG))).toEqual([px(2, 3), px(6, 0)]);
    expect(() => excludedFromCoords([7, 0], SIG)).toThrow(/outside the 7×6 detector/);
  });

  it('may repeat a pixel (counted once)', () => {
    const plan = prepareCorrections({ excluded: Uint32Array.from([px(3, 3), px(3, 3), px(0, 0)]) }, { sigShape: SIG, dtype: 'uint16' })!;
    expect(Array.from(plan.excluded)).toEqual([0, px(3, 3)]);
    expect(product([plan.neighbourStart[1]! - plan.neighbourStart[0]!, 1])).toBe(3);
  });
});
