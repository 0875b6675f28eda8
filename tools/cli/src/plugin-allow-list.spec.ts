import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stemflowIn } from './cli-runner.fixture';

/**
 * A plugin package that sits in the home's plugin folder without being on its allow list (put
 * there by hand, not by "stemflow plugin install") must not run in any command, not only serve.
 */
const dir = mkdtempSync(join(tmpdir(), 'stemflow-allow-'));
const home = join(dir, 'home');
const stemflow = stemflowIn(dir);
const loadedMarker = join(dir, 'acme-trap-loaded');

function writeTrapPackage(): void {
  const pkgDir = join(home, 'plugins', 'node_modules', 'acme-trap');
  mkdirSync(pkgDir, { recursive: true });
  writeFileSync(
    join(pkgDir, 'package.json'),
    JSON.stringify({ name: 'acme-trap', version: '0.1.0', keywords: ['stemflow-plugin'], stemflow: { role: 'analysis-plugin', pluginId: 'trap', apiVersion: '^1' }, main: 'index.js' }),
  );
  // Loading the module is running its code: the marker shows whether that happened.
  writeFileSync(
    join(pkgDir, 'index.js'),
    `require('node:fs').writeFileSync(${JSON.stringify(loadedMarker)}, '');
module.exports.default = { id: 'trap', title: 'Trap', description: 'Marks that it was loaded', params: { type: 'object', properties: {} }, udf: { buffers: { v: { kind: 'nav', dtype: 'float32' } }, processFrame: () => {} } };
`,
  );
}

describe('plugins.allow of the home, in the commands besides serve', () => {
  const data = join(dir, 'scan.npy');

  beforeAll(() => {
    writeTrapPackage();
    expect(stemflow('sample', data, '--nav', '4x4', '--sig', '8x8').status).toBe(0);
  });

  it('"plugins" leaves a package that is not allowed out, says how to allow it, and never loads it', () => {
    const out = stemflow('plugins', '--home', home);
    expect(out.status).toBe(0);
    expect(out.stdout).toContain('sum');
    expect(out.stdout).not.toContain('trap');
    expect(out.stderr).toContain(`plugin package acme-trap is installed but not allowed to load: add "acme-trap" to "plugins.allow" in ${join(home, 'config.json')} (or --allow-plugin)`);
    expect(existsSync(loadedMarker)).toBe(false);
  });

  it('"run" refuses it by name, naming the setting, and never loads it', () => {
    const out = stemflow('run', 'trap', data, '--home', home, '--out', join(dir, 'out'));
    expect(out.status).not.toBe(0);
    expect(out.stderr).toContain('no analysis "trap": plugin package acme-trap is installed but not allowed to load');
    expect(existsSync(loadedMarker)).toBe(false);
  });

  it('a broken config.json is an error that names the file, not a silent "allow all"', () => {
    const broken = join(dir, 'broken-home');
    mkdirSync(broken, { recursive: true });
    writeFileSync(join(broken, 'config.json'), '{ "plugins": { "allow": "acme-trap" } }');
    const out = stemflow('plugins', '--home', broken);
    expect(out.status).not.toBe(0);
    expect(out.stderr).toContain(`${join(broken, 'config.json')}: "plugins.allow" must be a list of package names or "*"`);
  });

  it('--allow-plugin allows it for one command', () => {
    const out = stemflow('plugins', '--home', home, '--allow-plugin', 'acme-trap');
    expect(out.stderr).toBe('');
    expect(out.stdout).toMatch(/^trap +Trap  \(acme-trap@0\.1\.0\)$/m);
    expect(stemflow('plugins', '--home', home).stdout).not.toContain('trap');
  });

  it('once allowed in config.json, it is listed', () => {
    writeFileSync(join(home, 'config.json'), JSON.stringify({ plugins: { allow: ['acme-trap'] } }));
    const out = stemflow('plugins', '--home', home);
    expect(out.stderr).toBe('');
    expect(out.stdout).toMatch(/^trap +Trap  \(acme-trap@0\.1\.0\)$/m);
    expect(existsSync(loadedMarker)).toBe(true);
  });
});
