import { StemflowError, type AnyPlugin } from '@stemflow/plugin-sdk';
import { discoverPlugins, readPluginPackage, type PluginPackage } from './discover';
import { pluginsOfModule, type PluginRef } from './load';

export interface CatalogEntry {
  pkg: PluginPackage;
  plugin: AnyPlugin;
  /** How workers load this plugin. */
  ref: PluginRef;
}

export interface CatalogProblem {
  pkg: PluginPackage;
  message: string;
}

/**
 * The analyses of installed plugin packages. A package that fails to load is recorded as a
 * problem and skipped: one broken plugin never takes the others down.
 */
export class PluginCatalog {
  readonly entries: CatalogEntry[] = [];
  readonly problems: CatalogProblem[] = [];

  constructor(packages: PluginPackage[]) {
    for (const pkg of packages) {
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const plugins = pluginsOfModule(require(pkg.dir));
        if (plugins.length === 0) throw new Error('it exports no plugin (export default definePlugin({...}))');
        for (const plugin of plugins) this.entries.push({ pkg, plugin, ref: { module: pkg.dir, id: plugin.id } });
      } catch (error) {
        this.problems.push({ pkg, message: `plugin package ${pkg.packageName} failed to load: ${(error as Error).message}` });
      }
    }
    this.entries.sort((a, b) => a.plugin.id.localeCompare(b.plugin.id));
  }

  /** Installed packages found from `start` upwards, plus plugin package directories given explicitly. */
  static discover(options: { start?: string; extraDirs?: string[] } = {}): PluginCatalog {
    const packages = discoverPlugins(options.start);
    for (const dir of options.extraDirs ?? []) {
      const pkg = readPluginPackage(dir);
      if (!pkg) throw new StemflowError('PLUGIN_INVALID', `${dir} is not a Stemflow plugin package (package.json needs keyword "stemflow-plugin" and a "stemflow" field)`);
      if (!packages.some((p) => p.packageName === pkg.packageName)) packages.push(pkg);
    }
    return new PluginCatalog(packages);
  }

  get(analysisId: string): CatalogEntry {
    const entry = this.entries.find((e) => e.plugin.id === analysisId);
    if (!entry) {
      throw new StemflowError('NOT_FOUND', `no analysis "${analysisId}"; installed: ${this.entries.map((e) => e.plugin.id).join(', ') || 'none'} (see "stemflow plugins")`);
    }
    return entry;
  }
}
