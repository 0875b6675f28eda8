import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PluginCatalog } from './catalog';
import { discoverPlugins } from './discover';

/** A plugin package under `<base>/node_modules/<name>` whose module writes `<base>/<marker>` when it is loaded. */
function writePackage(base: string, name: string, manifest: { apiVersion: string; peer?: string }): void {
  const dir = join(base, 'node_modules', name);
  mkdirSync(dir, { recursive: true });
  const id = name.replace(/^@[^/]+\//, '').replace(/^(plugin|acme)-/, '');
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({
      name,
      version: '1.2.3',
      keywords: ['stemflow-plugin'],
      stemflow: { role: 'analysis-plugin', pluginId: id, apiVersion: manifest.apiVersion },
      ...(manifest.peer ? { peerDependencies: { '@stemflow/plugin-sdk': manifest.peer } } : {}),
      main: 'index.js',
    }),
  );
  const marker = JSON.stringify(join(base, `loaded-${id}`));
  writeFileSync(
    join(dir, 'index.js'),
    `require('node:fs').writeFileSync(${marker}, '');
module.exports.default = { id: ${JSON.stringify(id)}, title: ${JSON.stringify(id)}, params: { type: 'object', properties: {} }, udf: { buffers: {}, processFrame() {} } };`,
  );
}

describe('PluginCatalog policy', () => {
  let base: string;
  const loaded = (id: string) => existsSync(join(base, `loaded-${id}`));
  const host = { pluginApi: '1.0.0', sdk: '1.0.0' };

  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'stemflow-catalog-'));
    writePackage(base, '@stemflow/plugin-builtin', { apiVersion: '^1', peer: '^1.0.0' });
    writePackage(base, 'acme-trusted', { apiVersion: '^1' });
    writePackage(base, 'acme-untrusted', { apiVersion: '^1' });
    writePackage(base, '@acme/plugin-old', { apiVersion: '^0.3' });
    writePackage(base, '@acme/plugin-future-sdk', { apiVersion: '^1', peer: '^2.0.0' });
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  it('loads built-ins and allowed packages; refuses the rest without running their code', () => {
    const catalog = new PluginCatalog(discoverPlugins(base), { policy: { allow: ['acme-trusted', '@acme/*'], allowHint: 'plugins.allow in config.json', host } });
    expect(catalog.entries.map((e) => e.plugin.id).sort()).toEqual(['builtin', 'trusted']);
    expect(catalog.problems.map((p) => [p.pkg.packageName, p.reason])).toEqual(
      expect.arrayContaining([
        ['acme-untrusted', 'not-allowed'],
        ['@acme/plugin-old', 'api-mismatch'],
        ['@acme/plugin-future-sdk', 'api-mismatch'],
      ]),
    );
    const message = (name: string) => catalog.problems.find((p) => p.pkg.packageName === name)?.message;
    expect(message('acme-untrusted')).toBe('plugin package acme-untrusted is installed but not allowed to load: add "acme-untrusted" to plugins.allow in config.json if you trust it');
    expect(message('@acme/plugin-old')).toBe('plugin @acme/plugin-old needs plugin API ^0.3, this host provides 1.0.0: install a version of @acme/plugin-old made for plugin API 1.x');
    expect(message('@acme/plugin-future-sdk')).toContain('needs plugin API ^2.0.0 (@stemflow/plugin-sdk), this host provides 1.0.0');
    expect([loaded('builtin'), loaded('trusted'), loaded('untrusted'), loaded('old'), loaded('future-sdk')]).toEqual([true, true, false, false, false]);
    expect(() => catalog.get('untrusted')).toThrow(/no analysis "untrusted": plugin package acme-untrusted is installed but not allowed/);
  });

  it('allows everything with "*" but still checks the API range', () => {
    const catalog = new PluginCatalog(discoverPlugins(base), { policy: { allow: '*', host } });
    expect(catalog.entries.map((e) => e.plugin.id).sort()).toEqual(['builtin', 'trusted', 'untrusted']);
    expect(catalog.problems.map((p) => p.reason)).toEqual(['api-mismatch', 'api-mismatch']);
  });

  it('a plugin directory named explicitly needs no allow-list entry', () => {
    const catalog = PluginCatalog.discover({ start: join(base, 'elsewhere'), extraDirs: [join(base, 'node_modules', 'acme-untrusted')], policy: { allow: [], host } });
    expect(catalog.entries.map((e) => e.plugin.id)).toContain('untrusted');
  });

  it('with a host of plugin API 2, ^1 plugins are refused with the fix', () => {
    const catalog = new PluginCatalog(discoverPlugins(base), { policy: { host: { pluginApi: '2.1.0', sdk: '2.1.0' } } });
    expect(catalog.entries).toEqual([]);
    expect(catalog.problems.find((p) => p.pkg.packageName === 'acme-trusted')?.message).toBe(
      'plugin acme-trusted needs plugin API ^1, this host provides 2.1.0: install a version of acme-trusted made for plugin API 2.x',
    );
  });
});
