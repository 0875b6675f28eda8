import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** What a plugin package says about itself in package.json (read without running its code). */
export interface PluginPackage {
  packageName: string;
  pluginId: string;
  version: string;
  /** The plugin API range the package declares (`stemflow.apiVersion`, e.g. `^1`). */
  apiVersion: string;
  /** Its range for `@stemflow/plugin-sdk` (peerDependencies, else dependencies), if it names one. */
  sdkRange?: string;
  /** Absolute directory of the package; workers `require` it from here. */
  dir: string;
}

interface PackageJson {
  name?: string;
  version?: string;
  keywords?: string[];
  stemflow?: { role?: string; pluginId?: string; apiVersion?: string };
  peerDependencies?: Record<string, string>;
  dependencies?: Record<string, string>;
}

const SDK = '@stemflow/plugin-sdk';

/** Read a package.json if it declares a Stemflow analysis plugin. */
export function readPluginPackage(dir: string): PluginPackage | undefined {
  const file = join(dir, 'package.json');
  if (!existsSync(file)) return undefined;
  let pkg: PackageJson;
  try {
    pkg = JSON.parse(readFileSync(file, 'utf8')) as PackageJson;
  } catch {
    return undefined;
  }
  if (!pkg.keywords?.includes('stemflow-plugin') || pkg.stemflow?.role !== 'analysis-plugin') return undefined;
  const sdkRange = pkg.peerDependencies?.[SDK] ?? pkg.dependencies?.[SDK];
  return {
    packageName: pkg.name ?? dir,
    pluginId: pkg.stemflow.pluginId ?? pkg.name ?? dir,
    version: pkg.version ?? '0.0.0',
    apiVersion: pkg.stemflow.apiVersion ?? '*',
    ...(typeof sdkRange === 'string' ? { sdkRange } : {}),
    dir,
  };
}

/**
 * Every plugin package in the `node_modules` folders from `start` up to the file-system root
 * (the way Node resolves packages), nearest first; a package found twice keeps the nearest.
 * `firstModules` are `node_modules` folders searched before all of those (a home's plugin folder).
 */
export function discoverPlugins(start: string = __dirname, firstModules: readonly string[] = []): PluginPackage[] {
  const found = new Map<string, PluginPackage>();
  const collect = (modules: string): void => {
    if (!existsSync(modules)) return;
    for (const candidate of packageDirs(modules)) {
      const plugin = readPluginPackage(candidate);
      if (plugin && !found.has(plugin.packageName)) found.set(plugin.packageName, plugin);
    }
  };
  firstModules.forEach(collect);
  let dir = start;
  for (;;) {
    collect(join(dir, 'node_modules'));
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return [...found.values()].sort((a, b) => a.pluginId.localeCompare(b.pluginId));
}

function packageDirs(modules: string): string[] {
  const dirs: string[] = [];
  for (const entry of safeReaddir(modules)) {
    if (entry.startsWith('.')) continue;
    if (entry.startsWith('@')) {
      for (const scoped of safeReaddir(join(modules, entry))) dirs.push(join(modules, entry, scoped));
    } else {
      dirs.push(join(modules, entry));
    }
  }
  return dirs;
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
