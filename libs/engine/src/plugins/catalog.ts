import { join } from 'node:path';
import { StemflowError, type AnyPlugin } from '@stemflow/plugin-sdk';
import { discoverPlugins, readPluginPackage, type PluginPackage } from './discover';
import { pluginsOfModule, type PluginRef } from './load';
import { refusalOf, type PluginPolicy, type RefusalReason } from './plugin-policy';

export interface CatalogEntry {
  pkg: PluginPackage;
  plugin: AnyPlugin;
  /** How workers load this plugin. */
  ref: PluginRef;
}

export interface CatalogProblem {
  pkg: PluginPackage;
  /** Refused by the policy (its code never ran), or it failed to load. */
  reason: RefusalReason | 'load-failed';
  message: string;
}

export interface CatalogOptions {
  /** Which packages may load; default: all, for the plugin API this process's SDK provides. */
  policy?: PluginPolicy;
  /** Names of packages the user pointed at explicitly (a plugin directory): allowed without the allow list, still version-checked. */
  explicitPackages?: readonly string[];
}

/**
 * The analyses of installed plugin packages. A package the policy refuses is recorded as a
 * problem from its package.json alone, without running its code; one that fails to load is
 * recorded and skipped: one broken plugin never takes the others down.
 */
export class PluginCatalog {
  readonly entries: CatalogEntry[] = [];
  readonly problems: CatalogProblem[] = [];

  constructor(packages: PluginPackage[], options: CatalogOptions = {}) {
    const explicit = new Set(options.explicitPackages ?? []);
    for (const pkg of packages) {
      const refusal = refusalOf(pkg, options.policy ?? {}, explicit.has(pkg.packageName));
      if (refusal) {
        this.problems.push({ pkg, ...refusal });
        continue;
      }
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const plugins = pluginsOfModule(require(pkg.dir));
        if (plugins.length === 0) throw new Error('it exports no plugin (export default definePlugin({...}))');
        for (const plugin of plugins) this.entries.push({ pkg, plugin, ref: { module: pkg.dir, id: plugin.id } });
      } catch (error) {
        this.problems.push({ pkg, reason: 'load-failed', message: `plugin package ${pkg.packageName} failed to load: ${(error as Error).message}` });
      }
    }
    this.entries.sort((a, b) => a.plugin.id.localeCompare(b.plugin.id));
  }

  /**
   * The plugin folder of a Stemflow home, `<home>/plugins`: an npm prefix that `stemflow plugin
   * install` manages; its packages are in `<home>/plugins/node_modules`.
   */
  static homeFolder(home: string): string {
    return join(home, 'plugins');
  }

  /**
   * Installed packages: those of the home's plugin folder (if `home` is given; they win over a
   * package of the same name installed with the host), those found from `start` upwards, and
   * plugin package directories given explicitly.
   */
  static discover(options: { start?: string; home?: string; extraDirs?: string[]; policy?: PluginPolicy } = {}): PluginCatalog {
    const packages = discoverPlugins(options.start, options.home ? [join(PluginCatalog.homeFolder(options.home), 'node_modules')] : []);
    const explicitPackages: string[] = [];
    for (const dir of options.extraDirs ?? []) {
      const pkg = readPluginPackage(dir);
      if (!pkg) throw new StemflowError('PLUGIN_INVALID', `${dir} is not a Stemflow plugin package (package.json needs keyword "stemflow-plugin" and a "stemflow" field)`);
      explicitPackages.push(pkg.packageName);
      if (!packages.some((p) => p.packageName === pkg.packageName)) packages.push(pkg);
    }
    return new PluginCatalog(packages, { policy: options.policy, explicitPackages });
  }

  get(analysisId: string): CatalogEntry {
    const entry = this.entries.find((e) => e.plugin.id === analysisId);
    if (!entry) {
      const refused = this.problems.find((p) => analysisId === p.pkg.pluginId || analysisId.startsWith(`${p.pkg.pluginId}.`));
      if (refused) throw new StemflowError('NOT_FOUND', `no analysis "${analysisId}": ${refused.message}`);
      throw new StemflowError('NOT_FOUND', `no analysis "${analysisId}"; installed: ${this.entries.map((e) => e.plugin.id).join(', ') || 'none'} (see "stemflow plugins")`);
    }
    return entry;
  }
}
