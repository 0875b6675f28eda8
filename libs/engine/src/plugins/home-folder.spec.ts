import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PluginCatalog } from './catalog';
import { discoverPlugins } from './discover';

/** A plugin package.json (no code: discovery reads manifests only) under `<modules>/<name>`. */
function writeManifest(modules: string, name: string, version: string): void {
  mkdirSync(join(modules, name), { recursive: true });
  const pkg = { name, version, keywords: ['stemflow-plugin'], stemflow: { role: 'analysis-plugin', pluginId: name, apiVersion: '^1' } };
  writeFileSync(join(modules, name, 'package.json'), JSON.stringify(pkg));
}

describe("a home's plugin folder", () => {
  const base = mkdtempSync(join(tmpdir(), 'stemflow-home-folder-'));
  const host = join(base, 'host');
  const home = join(base, 'home');
  const homeModules = join(PluginCatalog.homeFolder(home), 'node_modules');
  writeManifest(join(host, 'node_modules'), 'shared', '1.0.0');
  writeManifest(join(host, 'node_modules'), 'host-only', '1.0.0');
  writeManifest(homeModules, 'shared', '2.0.0');
  writeManifest(homeModules, 'home-only', '1.0.0');

  it('is <home>/plugins, an npm prefix whose packages are in node_modules', () => {
    expect(homeModules).toBe(join(home, 'plugins', 'node_modules'));
  });

  it('adds its packages to those installed with the host, and its copy of a package wins', () => {
    const found = discoverPlugins(host, [homeModules]).filter((p) => p.dir.startsWith(base));
    expect(found.map((p) => [p.packageName, p.version])).toEqual([
      ['home-only', '1.0.0'],
      ['host-only', '1.0.0'],
      ['shared', '2.0.0'],
    ]);
  });

  it('is searched only when asked', () => {
    expect(discoverPlugins(host).map((p) => p.packageName)).not.toContain('home-only');
  });
});
