import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { numpy, stemflowIn } from './cli-runner.fixture';
import { sharedDataDir } from '@stemflow/plugin-sdk/testing';

/** `stemflow run` with detector corrections, checked against NumPy (the built CLI in a child process). */
const dir = mkdtempSync(join(tmpdir(), 'stemflow-cli-corr-'));

const stemflow = stemflowIn(dir);

/** NumPy reference of the corrections: (raw − dark) · gain, then each excluded pixel the mean of its valid 8-neighbours. */
const CORRECT = `
import numpy as np
def correct(a, dark, gain, bad):
    c = (a.astype(np.float64) - dark) * gain
    out = c.copy()
    h, w = bad.shape
    for y, x in zip(*np.nonzero(bad)):
        ys, xs = slice(max(y - 1, 0), y + 2), slice(max(x - 1, 0), x + 2)
        ok = ~bad[ys, xs]
        out[..., y, x] = c[..., ys, xs][..., ok].mean(axis=-1)
    return out
`;

describe('stemflow run with detector corrections', () => {
  const data = join(dir, 'scan.npy');
  const dark = join(dir, 'dark.npy');
  const gain = join(dir, 'gain.npy');
  const mask = join(dir, 'mask.npy');
  const list = join(dir, 'list.npy');

  beforeAll(() => {
    expect(stemflow('sample', data, '--nav', '6x5', '--sig', '17x13', '--seed', '4').status).toBe(0);
    numpy(
      `import numpy as np; r=np.random.default_rng(1); np.save('${dark}', r.uniform(0, 3, (17, 13)).astype(np.float32)); ` +
        `np.save('${gain}', r.uniform(0.8, 1.2, (17, 13)).astype(np.float32)); m=np.zeros((17, 13), bool); ` +
        `m[0, 0]=m[16, 12]=m[8, 5]=m[8, 6]=m[9, 5]=m[3, 12]=True; np.save('${mask}', m); ` +
        `np.save('${list}', np.ascontiguousarray(np.argwhere(m), dtype=np.int32))`,
    );
  });

  it.each([
    ['sum', 'threads', 'a bool map', mask],
    ['pick', 'inline', '(y, x) rows', list],
  ])('%s equals the NumPy reference (%s executor, excluded pixels as %s)', (analysis, executor, _kind, excluded) => {
    const out = join(dir, `corr-${analysis}`);
    const params = analysis === 'pick' ? ['--params', '{"x": 3, "y": 4}'] : [];
    const run = stemflow('run', analysis, data, ...params, '--dark', dark, '--gain', gain, '--excluded', excluded, '--out', out, '--json', '--executor', executor);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const check = numpy(
      `${CORRECT}\na=np.load('${data}'); c=correct(a, np.load('${dark}').astype(np.float64), np.load('${gain}').astype(np.float64), np.load('${mask}'))\n` +
        `ref=${analysis === 'pick' ? 'c[4, 3]' : 'c.sum(axis=(0, 1))'}; raw=${analysis === 'pick' ? 'a[4, 3]' : 'a.sum(axis=(0, 1))'}.astype(np.float64)\n` +
        `got=np.load('${join(out, 'intensity.npy')}')\n` +
        `print(got.shape == (17, 13), float(np.abs(got - ref).max() / np.abs(ref).max()), float(np.abs(got - raw).max()) > 1)`,
    );
    const [shape, error, changed] = check.split(' ');
    expect(shape).toBe('True');
    expect(Number(error)).toBeLessThan(1e-6);
    expect(changed).toBe('True');
    const provenance = JSON.parse(readFileSync(join(out, 'provenance.json'), 'utf8'));
    expect(provenance.corrections).toMatchObject({ source: 'files', dark, gain, excluded: { path: excluded, pixels: 6 } });
  });

  it('refuses an excluded pixel with no valid neighbour', () => {
    const block = join(dir, 'block.npy');
    numpy(`import numpy as np; m=np.zeros((17, 13), bool); m[4:7, 4:7]=True; np.save('${block}', m)`);
    const run = stemflow('run', 'sum', data, '--excluded', block, '--out', join(dir, 'never'));
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/excluded pixel \(y=5, x=5\) cannot be repaired/);
  });

  const dataDir = sharedDataDir();

  it("applies a SEQ file's own dark frame by default, not with --no-corrections", () => {
    const seq = join(dataDir, 'seq/de_test/test.seq');
    const withDark = stemflow('run', 'sum', seq, '--out', join(dir, 'seq-default'), '--executor', 'inline');
    expect(withDark.status).toBe(0);
    expect(withDark.stderr).toMatch(/corrections \(from the data set; --no-corrections to skip\): .*test\.seq\.dark\.mrc/);
    expect(stemflow('run', 'sum', seq, '--no-corrections', '--out', join(dir, 'seq-raw'), '--executor', 'inline').status).toBe(0);
    // The DE gain reference of this file is all ones, so corrected = raw − dark, frame by frame.
    const check = numpy(
      `import numpy as np; d=np.fromfile('${seq}.dark.mrc', dtype='<f4', count=64*64, offset=1024).reshape(64, 64); ` +
        `g=np.fromfile('${seq}.gain.mrc', dtype='<f4', count=64*64, offset=1024); ` +
        `a=np.load('${join(dir, 'seq-default', 'intensity.npy')}'); r=np.load('${join(dir, 'seq-raw', 'intensity.npy')}'); ` +
        `print(bool((g == 1).all()), float(np.abs(a - (r - 10 * d)).max() / np.abs(r).max()))`,
    );
    const [gainOnes, error] = check.split(' ');
    expect(gainOnes).toBe('True');
    expect(Number(error)).toBeLessThan(1e-6);
  });
});
