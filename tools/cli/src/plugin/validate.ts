import { resolve } from 'node:path';
import { pluginsOfModule } from '@stemflow/engine';
import type { AnyPlugin } from '@stemflow/plugin-sdk';
import { datasetDefaultProblems, schemaDefaultProblems } from './default-checks';
import { checkManifest, PLUGIN_ID } from './manifest-checks';
import { error, warning, type Problem } from './problem';
import { schemaFormProblems, showIfProblems } from './schema-form-checks';

export interface ValidationReport {
  dir: string;
  /** The plugin ids found in the module (empty when it could not be loaded). */
  plugins: string[];
  problems: Problem[];
  ok: boolean;
}

/**
 * Check a plugin package without running its kernel: package.json against the host's policy,
 * then the module's plugin definitions (ids, titles, params schema, defaults). Loading the module
 * runs its top-level code; `taskData`, `process*` and `merge` are never called.
 */
export function validatePluginPackage(dirArg: string): ValidationReport {
  const dir = resolve(dirArg);
  const { manifest, entry, problems } = checkManifest(dir);
  const found: string[] = [];
  if (entry) {
    const declared = manifest?.stemflow?.pluginId;
    const pluginId = typeof declared === 'string' && PLUGIN_ID.test(declared) ? declared : undefined;
    for (const plugin of loadPlugins(entry, problems)) {
      found.push(plugin.id);
      problems.push(...definitionProblems(plugin, pluginId));
    }
  }
  return { dir, plugins: found, problems, ok: problems.every((p) => p.level !== 'error') };
}

function loadPlugins(entry: string, problems: Problem[]): AnyPlugin[] {
  let exports: unknown;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    exports = require(entry);
  } catch (e) {
    problems.push(error('package.json#main', `loading ${entry} failed: ${(e as Error).message}: fix the error (is the SDK installed? run "npm install")`));
    return [];
  }
  const plugins = pluginsOfModule(exports);
  if (plugins.length === 0) problems.push(error('package.json#main', `${entry} exports no plugin: write "export default definePlugin({ ... })"`));
  return plugins;
}

function definitionProblems(plugin: AnyPlugin, pluginId: string | undefined): Problem[] {
  const at = `plugins/${plugin.id}`;
  const problems: Problem[] = [];
  if (pluginId === undefined || plugin.id === pluginId || plugin.id.startsWith(`${pluginId}.`)) {
    // matches (or package.json#stemflow.pluginId is already reported)
  } else if (plugin.id.startsWith(`${pluginId}-`)) {
    // The host loads it; the naming table asks for `<pluginId>.<name>`.
    problems.push(warning(`${at}/id`, `id "${plugin.id}": name a package's further analyses "${pluginId}.<name>" (e.g. "${pluginId}.${plugin.id.slice(pluginId.length + 1)}")`));
  } else {
    problems.push(error(`${at}/id`, `id "${plugin.id}" does not match package.json stemflow.pluginId "${pluginId}": use "${pluginId}" (or "${pluginId}.<name>" for several analyses)`));
  }
  for (const key of ['title', 'description'] as const) {
    if (typeof plugin[key] !== 'string' || plugin[key].trim() === '') problems.push(error(`${at}/${key}`, `missing: add a ${key} to definePlugin({ ... }) (it is shown in the analysis list)`));
  }
  let schema: Record<string, unknown>;
  try {
    // The form receives the schema as JSON: check exactly that.
    schema = JSON.parse(JSON.stringify(plugin.params)) as Record<string, unknown>;
  } catch (e) {
    return [...problems, error(`${at}/params`, `is not JSON (${(e as Error).message}): build it with Type.* only`)];
  }
  const params = `${at}/params`;
  problems.push(...schemaFormProblems(schema, params), ...showIfProblems(schema, params), ...schemaDefaultProblems(schema, params), ...datasetDefaultProblems(plugin, schema, at));
  return problems;
}
