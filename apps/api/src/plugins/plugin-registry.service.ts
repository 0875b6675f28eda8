import { Inject, Injectable, Logger } from '@nestjs/common';
import { PluginCatalog, readPluginPackage, type CatalogEntry, type PluginPackage } from '@stemflow/engine';
import { StemflowError, type AnyPlugin, type DatasetInfo } from '@stemflow/plugin-sdk';
import { Value } from 'typebox/value';
import { SERVER_CONFIG, type ServerConfig } from '../common/server-config';

/** How the API lists an analysis: its manifest, with defaults for a data set if one is given. */
export interface PluginSummary {
  id: string;
  title: string;
  description: string;
  version: string;
  packageName: string;
  paramsSchema: unknown;
  defaults: Record<string, unknown>;
  resultNames?: string[];
  /** In a list for a data set: why the plugin's `defaults` failed for it (`defaults` are then the schema's own). */
  defaultsError?: string;
}

/** A plugin package that was found but not loaded, and why. */
export interface PluginProblem {
  packageName: string;
  pluginId: string;
  version: string;
  /** `not-allowed` and `api-mismatch` are refusals from package.json alone: the package's code never ran. */
  reason: 'not-allowed' | 'api-mismatch' | 'load-failed';
  message: string;
}

/**
 * The installed analyses: plugin packages found in node_modules (keyword `stemflow-plugin`),
 * in the home's plugin folder (`<home>/plugins`), plus any extra plugin directories. Built-ins (`@stemflow/…`) and the named directories
 * load; other installed packages only if `plugins.allow` lists them, and only if made for this
 * host's plugin API. A refused or broken package is logged and listed under `problems`.
 * Listing and forms use the manifest (schema, defaults); kernels run only in jobs.
 */
@Injectable()
export class PluginRegistryService {
  private readonly logger = new Logger('PluginRegistry');
  readonly catalog: PluginCatalog;

  constructor(@Inject(SERVER_CONFIG) config: ServerConfig) {
    const extraDirs = config.pluginDirs.filter((dir) => {
      if (readPluginPackage(dir)) return true;
      this.logger.warn(`${dir} is not a Stemflow plugin package (package.json needs keyword "stemflow-plugin" and a "stemflow" field); skipped`);
      return false;
    });
    this.catalog = PluginCatalog.discover({
      start: config.pluginSearchFrom ?? __dirname,
      // `<home>/plugins`, where `stemflow plugin install` puts packages.
      home: config.home,
      extraDirs,
      policy: { allow: config.pluginsAllow, allowHint: `"plugins.allow" in ${config.configFile}` },
    });
    for (const problem of this.catalog.problems) this.logger.warn(`${problem.message}; skipped`);
    this.logger.log(`${this.catalog.entries.length} analyses: ${this.catalog.entries.map((e) => e.plugin.id).join(', ') || 'none'}`);
  }

  /** The catalog entry of an analysis; NOT_FOUND (404) if none has this id. */
  get(analysisId: string): CatalogEntry {
    return this.catalog.get(analysisId);
  }

  /**
   * Every analysis, with defaults for `dataset`. A plugin whose `defaults` throws does not take
   * the list down: it is listed with its schema's own defaults and the reason (its form fails).
   */
  list(dataset?: DatasetInfo): PluginSummary[] {
    return this.catalog.entries.map(({ plugin, pkg }) => {
      try {
        return summarize(plugin, pkg, dataset);
      } catch (error) {
        if (!dataset) throw error;
        const reason = (error as Error).message;
        this.logger.warn(reason);
        return { ...summarize(plugin, pkg), defaultsError: reason };
      }
    });
  }

  /** One analysis's form: its schema and defaults (NOT_FOUND, with the reason if its package was refused). */
  form(analysisId: string, dataset?: DatasetInfo): PluginSummary {
    const { plugin, pkg } = this.get(analysisId);
    return summarize(plugin, pkg, dataset);
  }

  /** Plugin packages found but not loaded: refused by configuration or version, or broken. */
  problems(): PluginProblem[] {
    return this.catalog.problems.map(({ pkg, reason, message }) => ({ packageName: pkg.packageName, pluginId: pkg.pluginId, version: pkg.version, reason, message }));
  }
}

function summarize(plugin: AnyPlugin, pkg: PluginPackage, dataset?: DatasetInfo): PluginSummary {
  const names = resultNames(plugin);
  return {
    id: plugin.id,
    title: plugin.title,
    description: plugin.description,
    version: pkg.version,
    packageName: pkg.packageName,
    // TypeBox schemas are JSON Schema; the round trip drops TypeBox's symbol keys.
    paramsSchema: JSON.parse(JSON.stringify(plugin.params)) as unknown,
    defaults: defaultsFor(plugin, dataset),
    ...(names ? { resultNames: names } : {}),
  };
}

/** The plugin's data-set-aware suggestions under the schema's own defaults (no validation). */
export function defaultsFor(plugin: AnyPlugin, dataset?: DatasetInfo): Record<string, unknown> {
  let suggested: Record<string, unknown> = {};
  if (dataset && plugin.defaults) {
    try {
      suggested = { ...plugin.defaults(dataset) } as Record<string, unknown>;
    } catch (error) {
      throw new StemflowError('PLUGIN_INVALID', `plugin "${plugin.id}" failed to compute defaults: ${(error as Error).message}`, { cause: error });
    }
  }
  const merged = Value.Default(plugin.params, suggested) as Record<string, unknown>;
  return JSON.parse(JSON.stringify(merged ?? {})) as Record<string, unknown>;
}

/** Result names known without running: the non-private buffers, when the UDF does not post-process. */
function resultNames(plugin: AnyPlugin): string[] | undefined {
  const buffers = plugin.udf.buffers;
  if (plugin.udf.results || typeof buffers === 'function') return undefined;
  return Object.entries(buffers)
    .filter(([, decl]) => decl.use !== 'private')
    .map(([name]) => name);
}
