import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { hostApi, isValidRange, readPluginPackage, satisfies } from '@stemflow/engine';
import { npmNameProblem } from './names';
import { error, warning, type Problem } from './problem';

const SDK = '@stemflow/plugin-sdk';
/** What package.json#stemflow.pluginId may be. */
export const PLUGIN_ID = /^[a-z][a-z0-9-]*$/;

export interface Manifest {
  name?: string;
  keywords?: unknown;
  stemflow?: { role?: unknown; pluginId?: unknown; apiVersion?: unknown };
  main?: unknown;
  types?: unknown;
  peerDependencies?: Record<string, string>;
  dependencies?: Record<string, string>;
}

export interface ManifestCheck {
  manifest?: Manifest;
  /** The built entry file, when it exists. */
  entry?: string;
  problems: Problem[];
}

/** package.json of a plugin package, checked against what the host requires before it loads any code. */
export function checkManifest(dir: string): ManifestCheck {
  const file = join(dir, 'package.json');
  if (!existsSync(file)) return { problems: [error('package.json', `no package.json in ${dir}: run "stemflow plugin new <name>" or give the package folder`)] };
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
  } catch (e) {
    return { problems: [error('package.json', `is not valid JSON (${(e as Error).message}): fix the syntax`)] };
  }
  const problems: Problem[] = [];
  const nameProblem = manifest.name === undefined ? 'is missing' : npmNameProblem(String(manifest.name));
  if (nameProblem) problems.push(error('package.json#name', `the package name ${nameProblem}: use e.g. "stemflow-plugin-ring-sum" or "@lab/stemflow-plugin-ring-sum"`));
  if (!Array.isArray(manifest.keywords) || !manifest.keywords.includes('stemflow-plugin')) {
    problems.push(error('package.json#keywords', 'the host finds plugins by keyword: add "keywords": ["stemflow-plugin"]'));
  }
  problems.push(...stemflowFieldProblems(manifest), ...sdkProblems(manifest));
  const entry = entryOf(dir, manifest, problems);
  if (problems.every((p) => p.level !== 'error') && !readPluginPackage(dir)) {
    problems.push(error('package.json', 'the host does not recognise this package as a plugin: check "keywords" and "stemflow"'));
  }
  return { manifest, ...(entry ? { entry } : {}), problems };
}

function stemflowFieldProblems(manifest: Manifest): Problem[] {
  const field = manifest.stemflow;
  const at = 'package.json#stemflow';
  if (typeof field !== 'object' || field === null) {
    return [error(at, 'missing: add "stemflow": { "role": "analysis-plugin", "pluginId": "<id>", "apiVersion": "^1" }')];
  }
  const problems: Problem[] = [];
  if (field.role !== 'analysis-plugin') problems.push(error(`${at}.role`, 'must be "analysis-plugin"'));
  if (typeof field.pluginId !== 'string' || !PLUGIN_ID.test(field.pluginId)) {
    problems.push(error(`${at}.pluginId`, `"${String(field.pluginId)}" is not a plugin id: use lower-case letters, digits and "-", starting with a letter (e.g. "ring-sum")`));
  }
  const host = hostApi();
  const major = host.pluginApi.split('.')[0];
  if (typeof field.apiVersion !== 'string' || !isValidRange(field.apiVersion)) {
    problems.push(error(`${at}.apiVersion`, `"${String(field.apiVersion)}" is not a version range: use "^${major}"`));
  } else if (!satisfies(host.pluginApi, field.apiVersion)) {
    problems.push(error(`${at}.apiVersion`, `"${field.apiVersion}" excludes this host's plugin API ${host.pluginApi}: use "^${major}" and check the plugin against SDK ${host.sdk}`));
  }
  return problems;
}

function sdkProblems(manifest: Manifest): Problem[] {
  const host = hostApi();
  const fix = `add "peerDependencies": { "${SDK}": "^${host.sdk}" }`;
  const peer = manifest.peerDependencies?.[SDK];
  if (peer === undefined) {
    const own = manifest.dependencies?.[SDK];
    if (own !== undefined) return [error('package.json#dependencies', `${SDK} is a dependency, so the plugin would get its own copy instead of the host's: move it to peerDependencies (${fix})`)];
    return [error('package.json#peerDependencies', `the SDK is not a peer dependency: ${fix}`)];
  }
  // workspace:, file: or git ranges say nothing about versions (as the host's policy does).
  if (!isValidRange(peer)) return [warning(`package.json#peerDependencies.${SDK}`, `"${peer}" is not a semver range, so compatibility cannot be checked: publish with "^${host.sdk}"`)];
  if (!satisfies(host.sdk, peer)) return [error(`package.json#peerDependencies.${SDK}`, `"${peer}" excludes this host's SDK ${host.sdk}: use "^${host.sdk}"`)];
  return [];
}

function entryOf(dir: string, manifest: Manifest, problems: Problem[]): string | undefined {
  if (typeof manifest.main !== 'string') {
    problems.push(error('package.json#main', 'missing: point it at the built JavaScript, e.g. "main": "dist/index.js"'));
    return undefined;
  }
  if (manifest.main.endsWith('.ts') && !manifest.main.endsWith('.d.ts')) {
    problems.push(error('package.json#main', `"${manifest.main}" is TypeScript: the host loads JavaScript, point "main" at the build output (e.g. "dist/index.js")`));
  }
  if (typeof manifest.types !== 'string') problems.push(warning('package.json#types', 'missing: add "types": "dist/index.d.ts" so that users get the parameter types'));
  const entry = resolve(dir, manifest.main);
  const candidates = [entry, `${entry}.js`, join(entry, 'index.js')];
  const found = candidates.find((c) => existsSync(c) && !c.endsWith('/'));
  if (!found) {
    problems.push(error('package.json#main', `${manifest.main} does not exist: run "npm run build" first`));
    return undefined;
  }
  return found;
}
