import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { numpy, stemflowIn } from './cli-runner.fixture';

/** The `stemflow` command as users run it: the built CLI in a child process. */
const dir = mkdtempSync(join(tmpdir(), 'stemflow-cli-'));

const stemflow = stemflowIn(dir);

describe('stemflow command', () => {
  const data = join(dir, 'scan.npy');

  beforeAll(() => {
    const made = stemflow('sample', data, '--nav', '12x10', '--sig', '33x31', '--seed', '3');
    expect(made.status).toBe(0);
  });

  it('info --json describes the sample', () => {
    const out = stemflow('info', data, '--json');
    expect(out.status).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual({ format: 'npy', navShape: [12, 10], sigShape: [33, 31], dtype: 'uint16', frames: 120, imageCount: 120 });
  });

  it('sample writes diffraction-like data that varies across the scan', () => {
    const stats = numpy(
      `import numpy as np; a=np.load('${data}').astype(float); s=a.sum(axis=(2,3)); ` +
        `print(a.min() >= 0, s.std() / s.mean() > 0.01, a[0,0].max() > 5 * a[0,0].mean())`,
    );
    expect(stats).toBe('True True True');
  });

  it.each(['threads', 'inline'])('run virtual-detector (ring) equals the NumPy reference, %s executor', (executor) => {
    const out = join(dir, `ring-${executor}`);
    const params = JSON.stringify({ shape: 'ring', cx: 15.5, cy: 16, ri: 4, ro: 11 });
    const run = stemflow('run', 'virtual-detector', data, '--params', params, '--out', out, '--json', '--executor', executor);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.results.intensity.shape).toEqual([12, 10]);
    expect(report.bytesRead).toBe(120 * 33 * 31 * 2);
    const diff = numpy(
      `import numpy as np; a=np.load('${data}').astype(np.float64); y,x=np.mgrid[:33,:31]; r=np.hypot(y-16, x-15.5); ` +
        `ref=(a*((4<r)&(r<=11))).sum(axis=(2,3)); got=np.load('${join(out, 'intensity.npy')}'); ` +
        `print(got.shape == ref.shape, float(np.abs(got-ref).max()), float(ref.max()))`,
    );
    const [sameShape, maxDiff, refMax] = diff.split(' ');
    expect(sameShape).toBe('True');
    expect(Number(refMax)).toBeGreaterThan(0);
    expect(Number(maxDiff)).toBe(0);
  });

  it('run with a ROI leaves positions outside it NaN', () => {
    const roiPath = join(dir, 'roi.npy');
    numpy(`import numpy as np; r=np.zeros((12,10),bool); r[2:5,3:7]=True; np.save('${roiPath}', r)`);
    const out = join(dir, 'roi-run');
    const run = stemflow('run', 'sum-sig', data, '--roi', roiPath, '--out', out);
    expect(run.status).toBe(0);
    const check = numpy(
      `import numpy as np; a=np.load('${data}').astype(np.float64); g=np.load('${join(out, 'intensity.npy')}'); r=np.load('${roiPath}'); ` +
        `print(bool(np.isnan(g[~r]).all()), float(np.abs(g[r]-a.sum(axis=(2,3))[r]).max()))`,
    );
    expect(check).toBe('True 0.0');
  });

  it('skips frames with --sync-offset and records where results came from', () => {
    const out = join(dir, 'sync');
    const run = stemflow('run', 'sum-sig', data, '--nav', '11x10', '--sync-offset', '7', '--out', out);
    expect(run.stderr).toMatch(/frames in/);
    expect(run.status).toBe(0);
    const check = numpy(
      `import numpy as np; a=np.load('${data}').astype(np.float64).reshape(120, -1).sum(axis=1); g=np.load('${join(out, 'intensity.npy')}'); ` +
        `print(g.shape, float(np.abs(g.ravel()-a[7:117]).max()))`,
    );
    expect(check).toBe('(11, 10) 0.0');
    const provenance = JSON.parse(readFileSync(join(out, 'provenance.json'), 'utf8'));
    expect(provenance).toMatchObject({ analysis: 'sum-sig', dataset: { format: 'npy', navShape: [11, 10], syncOffset: 7, size: expect.any(Number) } });
    const tooLong = stemflow('info', data, '--nav', '12x10', '--sync-offset', '1');
    expect(tooLong.status).toBe(2);
    expect(tooLong.stderr).toMatch(/needs 121 frames but the file holds 120/);
  });

  it('refuses bad parameters with the field pointer and exit code 2', () => {
    const run = stemflow('run', 'virtual-detector', data, '--params', '{"shape":"ring","cx":15,"cy":16,"ri":12,"ro":11}');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/\/ri: /);
  });

  it('refuses a truncated file with a message that names it', () => {
    const broken = join(dir, 'broken.npy');
    writeFileSync(broken, readFileSync(data));
    truncateSync(broken, 5000);
    const run = stemflow('info', broken);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain(broken);
    expect(run.stderr).toMatch(/truncated/);
  });

  it('tells a raw file needs its shape, and reads it when given', () => {
    const raw = join(dir, 'scan.raw');
    expect(stemflow('sample', raw, '--nav', '4x5', '--sig', '8x9').status).toBe(0);
    const missing = stemflow('info', raw);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/--nav AxB --sig CxD --dtype|give navShape/);
    const ok = stemflow('info', raw, '--nav', '4x5', '--sig', '8x9', '--dtype', 'uint16', '--json');
    expect(JSON.parse(ok.stdout)).toMatchObject({ format: 'raw', frames: 20 });
  });

  it('lists the built-in plugins', () => {
    const out = stemflow('plugins', '--json');
    const ids = (JSON.parse(out.stdout) as { id: string }[]).map((p) => p.id);
    expect(ids).toEqual(expect.arrayContaining(['sum', 'sum-sig', 'virtual-detector', 'pick', 'std-dev', 'center-of-mass']));
  });
});
