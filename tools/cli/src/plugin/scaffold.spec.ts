import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PLUGIN_API_VERSION } from '@stemflow/plugin-sdk';
import { npmNameProblem, pluginIdFor } from './names';
import { scaffoldPlugin } from './scaffold';
import { SCAFFOLD_DEV_DEPENDENCIES } from './scaffold-package';

const REPO = join(__dirname, '../../../..');
const parent = mkdtempSync(join(tmpdir(), 'stemflow-scaffold-'));

describe('plugin names', () => {
  it.each([
    ['stemflow-plugin-ring-sum', 'ring-sum'],
    ['@lab/stemflow-plugin-dpc', 'dpc'],
    ['@stemflow/plugin-my_thing', 'my-thing'],
    ['bright.field', 'bright-field'],
  ])('%s → plugin id %s', (name, id) => {
    expect(npmNameProblem(name)).toBeUndefined();
    expect(pluginIdFor(name)).toBe(id);
  });

  it.each(['My-Plugin', '.hidden', '_x', '@scope', 'a/b', 'sp ace', ''])('refuses "%s"', (name) => {
    expect(npmNameProblem(name)).toEqual(expect.any(String));
  });
});

describe('stemflow plugin new', () => {
  const { dir, pluginId } = scaffoldPlugin('@lab/stemflow-plugin-disk-sum', parent);

  it('writes a package the host recognises', () => {
    expect(dir).toBe(join(parent, 'stemflow-plugin-disk-sum'));
    expect(pluginId).toBe('disk-sum');
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(pkg.keywords).toContain('stemflow-plugin');
    expect(pkg.stemflow).toEqual({ role: 'analysis-plugin', pluginId: 'disk-sum', apiVersion: `^${PLUGIN_API_VERSION.split('.')[0]}` });
    const sdkVersion = JSON.parse(readFileSync(join(REPO, 'libs/plugin-sdk/package.json'), 'utf8')).version;
    expect(pkg.peerDependencies).toEqual({ '@stemflow/plugin-sdk': `^${sdkVersion}` });
    expect(pkg.main).toBe('dist/index.js');
  });

  it('pins the tools at the versions of this repository', () => {
    const root = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).devDependencies;
    for (const [name, range] of Object.entries(SCAFFOLD_DEV_DEPENDENCIES)) expect([name, range]).toEqual([name, root[name]]);
  });

  it('refuses a folder that is not empty and an invalid name', () => {
    expect(() => scaffoldPlugin('@lab/stemflow-plugin-disk-sum', parent)).toThrow(/not empty/);
    expect(() => scaffoldPlugin('Bad Name', parent)).toThrow(/not a valid npm package name/);
  });

  it("passes its own tests as generated (Jest run in the new package, SDK from node_modules)", () => {
    // What `npm install` gives the package: a node_modules with the SDK, typebox, Jest and swc. This
    // repository's node_modules has exactly those (the SDK as its built workspace package).
    symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir');
    const jest = join(REPO, 'node_modules/jest/bin/jest.js');
    const run = spawnSync(process.execPath, [jest, '--rootDir', dir, '--config', join(dir, 'jest.config.js'), '--ci', '--json'], {
      cwd: dir,
      encoding: 'utf8',
    });
    const report = JSON.parse(run.stdout);
    expect({ status: run.status, failed: report.numFailedTests }).toEqual({ status: 0, failed: 0 });
    expect(report.numPassedTests).toBeGreaterThanOrEqual(18);
  });

  it('fails its own tests when the kernel is wrong (the test can fail)', () => {
    const broken = scaffoldPlugin('stemflow-plugin-broken', parent).dir;
    const index = join(broken, 'src/index.ts');
    writeFileSync(index, readFileSync(index, 'utf8').replace('maskedSum(tile, task.mask, out.intensity)', 'maskedSum(tile, task.mask.map(() => 1), out.intensity)'));
    mkdirSync(join(broken, 'node_modules'));
    symlinkSync(join(REPO, 'node_modules/@stemflow'), join(broken, 'node_modules/@stemflow'), 'dir');
    symlinkSync(join(REPO, 'node_modules/typebox'), join(broken, 'node_modules/typebox'), 'dir');
    symlinkSync(join(REPO, 'node_modules/@swc'), join(broken, 'node_modules/@swc'), 'dir');
    const jest = join(REPO, 'node_modules/jest/bin/jest.js');
    const run = spawnSync(process.execPath, [jest, '--rootDir', broken, '--config', join(broken, 'jest.config.js'), '--ci', '--json'], { cwd: broken, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout).numFailedTests).toBeGreaterThan(0);
  });
});
