/*
 * The centre-of-mass analysis with a found centre and regression, against the float64
 * reference of reference.fixture.ts, on known planes and centres, a real file, and the forms.
 */
import { join } from 'node:path';
import { makePartitions, resolveParams, ResultAccumulator, runPartition, StemflowError, type AnyPlugin } from '@stemflow/plugin-sdk';
import { awkwardCases, npyDataSet, randomDataSet, runUdf, sharedDataDir } from '@stemflow/plugin-sdk/testing';
import plugins, { centerOfMass, centerOfMassGuess } from './index';
import { NAV, SIG, FRAMES, ROI, NAV_NAMES, correct, dpcData, CENTRE, naiveCom, expectClose, expectComMatches, type P } from './reference.fixture';

/** The real file in the shared data directory (../shared/data beside the repository), found as the SDK's own tests do. */
function delmicFile(): string {
  const dataDir = sharedDataDir();
  return join(dataDir, 'npy/delmic/sparc-angle-resolved-data.npy');
}

describe('center-of-mass: found centre and regression', () => {
  const PARAMS: Record<string, object> = {
    'sum-frame, plane, flip': { reference: 'sum-frame', regression: 'plane', scanRotation: 33, flipY: true },
    'mean-shift, mean, disk': { cx: 4.6, cy: 3.7, r: 4, reference: 'mean-shift', regression: 'mean', scanRotation: -120 },
    'given, plane, ring': { cx: 5.2, cy: 3.9, r: 5, ri: 1.5, regression: 'plane', scanRotation: 271 },
  };
  test.each(awkwardCases(NAV, SIG))('$dtype tile $tileShape.depth×$tileShape.rows, $partitions partitions, roi $useRoi', ({ dtype, tileShape, partitions, roi }) => {
    const ds = randomDataSet(NAV, SIG, dtype, 23);
    for (const input of Object.values(PARAMS)) expectComMatches(ds, input, { tileShape, partitions, ...(roi ? { roi } : {}) });
  });

  const plane = (y: number, x: number): [number, number] => [0.3 + 0.05 * y - 0.08 * x, -0.2 + 0.07 * y + 0.04 * x];
  const planeData = dpcData([5, 7], plane);
  const given = { cy: CENTRE[0], cx: CENTRE[1] };
  /** The plane's rows (intercept, ∂/∂y, ∂/∂x) carried into field coordinates by R(θ)·F. */
  const planeInField = (deg: number, flip: boolean) => [correct(0.3, -0.2, deg, flip), correct(0.05, 0.07, deg, flip), correct(-0.08, 0.04, deg, flip)].flat();

  test.each([
    ['no ROI', undefined],
    ['a gappy ROI', ROI],
  ])('plane regression removes a known plane exactly (%s)', (_name, roi) => {
    const r = runUdf(centerOfMass, planeData, { ...given, regression: 'plane', scanRotation: 30, flipY: true }, { partitions: 3, ...(roi ? { roi } : {}) });
    expectClose(r.regression!.data, planeInField(30, true), 1e-12);
    for (const name of ['field_y', 'field_x', 'magnitude', 'divergence', 'curl']) {
      r[name]!.data.forEach((v, f) => {
        if (roi && !roi[f]) expect(v).toBeNaN();
        // The slopes next to a position outside the ROI are unknown (NaN); all others vanish.
        else if (name !== 'divergence' && name !== 'curl' ? true : !Number.isNaN(v)) expect(Math.abs(v)).toBeLessThan(1e-12);
      });
      if (!roi) expect(r[name]!.data.every(Number.isFinite)).toBe(true);
    }
  });

  test('mean regression subtracts the mean field and reports it in row 0', () => {
    const r = runUdf(centerOfMass, planeData, { ...given, regression: 'mean', scanRotation: -45 }, { partitions: 2 });
    const field = Array.from({ length: FRAMES }, (_, f) => correct(...plane(Math.floor(f / 7), f % 7), -45, false));
    const mean = [0, 1].map((c) => field.reduce((a, v) => a + v[c]!, 0) / FRAMES);
    expectClose(r.regression!.data, [mean[0]!, mean[1]!, 0, 0, 0, 0], 1e-12);
    expectClose(r.field_y!.data, field.map((v) => v[0] - mean[0]!), 1e-12);
    expectClose(r.field_x!.data, field.map((v) => v[1] - mean[1]!), 1e-12);
  });

  test('a plane on a scan of one row: no slope across it, the line removed exactly', () => {
    const line = dpcData([1, 7], (_y, x) => [0.4 - 0.1 * x, 0.2 * x - 0.5]);
    const r = runUdf(centerOfMass, line, { ...given, regression: 'plane' }, { partitions: 2 });
    expectClose(r.regression!.data, [0.4, -0.5, 0, 0, -0.1, 0.2], 1e-12);
    expectClose(r.field_y!.data, new Array(7).fill(0), 1e-12);
    expectClose(r.field_x!.data, new Array(7).fill(0), 1e-12);
  });

  test('found centres: sum frame and mean shift', () => {
    const shift = (y: number, x: number): [number, number] => [((y * 7 + x) % 5) * 0.3 - 0.6, (((y * 7 + x) * 3) % 7) * 0.2 - 0.6];
    const ds = dpcData([5, 7], shift);
    const shifts = Array.from({ length: FRAMES }, (_, f) => shift(Math.floor(f / 7), f % 7));
    // Each frame has weight 1, so the CoM of the sum frame is the mean centre over all positions.
    const all = [0, 1].map((c) => shifts.reduce((a, v) => a + v[c]!, 0) / FRAMES);
    const sum = runUdf(centerOfMass, ds, { reference: 'sum-frame' }, { partitions: 3 });
    expectClose([sum.cy!.data[0]!, sum.cx!.data[0]!], [CENTRE[0] + all[0]!, CENTRE[1] + all[1]!], 1e-12);
    expectClose(sum.raw_shifts_y!.data, shifts.map((v) => v[0] - all[0]!), 1e-12);
    // LiberTEM's guess centre leaves the last scan row and column out.
    const window = shifts.filter((_, f) => Math.floor(f / 7) < 4 && f % 7 < 6);
    const mean = [0, 1].map((c) => window.reduce((a, v) => a + v[c]!, 0) / window.length);
    const found = runUdf(centerOfMass, ds, { reference: 'mean-shift' }, { partitions: 2 });
    expectClose([found.cy!.data[0]!, found.cx!.data[0]!], [CENTRE[0] + mean[0]!, CENTRE[1] + mean[1]!], 1e-12);
    expectClose(found.raw_shifts_x!.data, shifts.map((v) => v[1] - mean[1]!), 1e-12);
  });

  test('partial results: the found centre and the regression use the merged positions only', () => {
    const ds = randomDataSet(NAV, SIG, 'uint16', 8);
    const params = resolveParams(centerOfMass, { reference: 'mean-shift', regression: 'plane', scanRotation: 12 }, ds);
    const acc = new ResultAccumulator(centerOfMass, params, ds);
    const parts = makePartitions(FRAMES, { count: 3 });
    for (const part of [parts[2]!, parts[0]!]) acc.merge(runPartition(centerOfMass, params, ds, part, { tileShape: { depth: 3, rows: 4 } }));
    const merged = Uint8Array.from({ length: FRAMES }, (_, f) => (f < parts[1]!.start || f >= parts[1]!.end ? 1 : 0));
    const r = acc.results();
    const expected = naiveCom(ds, params as unknown as P, merged);
    for (const name of NAV_NAMES) expectClose(r[name]!.data, expected.nav[name]!);
    expectClose(r.regression!.data, expected.regression);
  });
});

describe('a real file: Delmic SPARC angle-resolved, 3×2 × 256×256 uint16', () => {
  test('centre of mass with a found centre and plane regression matches the float64 reference', () => {
    const ds = npyDataSet(delmicFile());
    expect(ds.navShape).toEqual([3, 2]);
    expectComMatches(ds, { reference: 'sum-frame', regression: 'plane', scanRotation: 20, flipY: true, r: 100 }, { tileShape: { depth: 2, rows: 37 }, partitions: 2 });
    expectComMatches(ds, { reference: 'mean-shift', regression: 'mean', ri: 10 }, { partitions: 3 });
  });
});

describe('the forms', () => {
  const ds = randomDataSet(NAV, SIG);
  const expectRefused = (plugin: AnyPlugin, input: object, path: string, message?: RegExp) => {
    try {
      runUdf(plugin, ds, input);
      throw new Error('expected PARAMS_INVALID');
    } catch (error) {
      expect((error as StemflowError).code).toBe('PARAMS_INVALID');
      const errors = (error as StemflowError).errors ?? [];
      expect(errors.map((e) => e.path)).toContain(path);
      if (message) expect(errors.find((e) => e.path === path)!.message).toMatch(message);
    }
  };

  test('the package exports both analyses', () => {
    expect(plugins.map((p) => p.id)).toEqual(['center-of-mass', 'center-of-mass.guess']);
  });

  test.each(plugins.map((p) => [p.id, p] as const))('%s: every field has a title and a hint, lengths in px, choices as enums', (_id, plugin) => {
    const props = (plugin.params as unknown as { properties: Record<string, Record<string, unknown>> }).properties;
    for (const [name, field] of Object.entries(props)) {
      expect(typeof field.title).toBe('string');
      const ui = field['x-ui'] as { help?: string; order?: number; unit?: string };
      expect(typeof ui.help).toBe('string');
      expect(typeof ui.order).toBe('number');
      if (['cx', 'cy', 'r', 'ri'].includes(name)) expect(ui.unit).toBe('px');
      if (['reference', 'regression', 'centre'].includes(name)) expect(Array.isArray(field.enum)).toBe(true);
    }
  });

  test('defaults fit any data set and run', () => {
    expect(resolveParams(centerOfMassGuess, {}, ds)).toEqual({ cx: 5.5, cy: 4.5, ri: 0, centre: 'mean-shift', regression: 'none' });
    for (const plugin of plugins) {
      for (const [nav, sig] of [[[1, 1], [1, 1]], [[2, 3], [4, 1]], [[4], [7, 5]]] as const) {
        const results = runUdf(plugin, randomDataSet([...nav], [...sig], 'uint8', 4), {});
        for (const array of Object.values(results)) expect(array.data.length).toBe(array.shape.reduce((a, b) => a * b, 1));
      }
    }
  });

  test.each(plugins.map((p) => [p.id, p] as const))('%s refuses nonsense with the field pointer', (_id, plugin) => {
    expectRefused(plugin, { r: 2, ri: 3 }, '/ri', /lower ri/);
    expectRefused(plugin, { cx: 11 }, '/cx', /off the detector: use 0 ≤ cx < 11/);
    expectRefused(plugin, { cy: -1 }, '/cy', /off the detector/);
    expectRefused(plugin, { cx: 4.5, cy: 4.5, r: 0.3 }, '/r', /covers no detector pixel/);
    expectRefused(plugin, { regression: 'cubic' }, '/regression', /must be one of/);
    expectRefused(plugin, { ri: -1 }, '/ri');
  });

  test('analysis-only and guess-only fields are checked', () => {
    expectRefused(centerOfMass, { reference: 'centre' }, '/reference', /must be one of/);
    expectRefused(centerOfMass, { scanRotation: 400 }, '/scanRotation');
    expectRefused(centerOfMassGuess, { centre: 'given' }, '/centre', /must be one of/);
    expectRefused(centerOfMassGuess, { regression: 'mean' }, '/regression', /must be one of/);
  });
});
