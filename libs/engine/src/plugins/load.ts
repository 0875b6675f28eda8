import { StemflowError, type AnyPlugin } from '@stemflow/plugin-sdk';

/**
 * How a worker finds a plugin: a module it can `require` (a package directory or name),
 * or — on the calling thread only — the plugin object itself.
 */
export interface PluginRef {
  module?: string;
  /** The plugin id to pick when a module exports several. */
  id: string;
  instance?: AnyPlugin;
}

const cache = new Map<string, AnyPlugin>();

function isPlugin(value: unknown): value is AnyPlugin {
  const v = value as AnyPlugin | undefined;
  return !!v && typeof v.id === 'string' && typeof v.udf === 'object' && v.params !== undefined;
}

/** The plugins a module exports: its default export (one plugin or an array), or `plugins`. */
export function pluginsOfModule(exports: unknown): AnyPlugin[] {
  const mod = exports as { default?: unknown; plugins?: unknown };
  const candidates = [mod.default, mod.plugins, exports].flatMap((v) => (Array.isArray(v) ? v : [v]));
  return [...new Set(candidates.filter(isPlugin))];
}

export function loadPlugin(ref: PluginRef): AnyPlugin {
  if (ref.instance) return ref.instance;
  if (!ref.module) throw new StemflowError('PLUGIN_INVALID', `plugin "${ref.id}" has neither a module nor an instance`);
  const key = `${ref.module}#${ref.id}`;
  const cached = cache.get(key);
  if (cached) return cached;
  let exports: unknown;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    exports = require(ref.module);
  } catch (error) {
    throw new StemflowError('PLUGIN_INVALID', `plugin "${ref.id}" failed to load from ${ref.module}: ${(error as Error).message}`, { cause: error });
  }
  const plugin = pluginsOfModule(exports).find((p) => p.id === ref.id);
  if (!plugin) throw new StemflowError('PLUGIN_INVALID', `${ref.module} does not export a plugin with id "${ref.id}" (export default definePlugin({...}))`);
  cache.set(key, plugin);
  return plugin;
}
