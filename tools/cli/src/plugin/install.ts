import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { readPluginPackage, refusalOf, type PluginPackage } from '@stemflow/engine';
import { StemflowError } from '@stemflow/plugin-sdk';
import { changeAllowList, configFileOf } from './allow-list';
import { npm } from './npm';
import { PluginFolder } from './plugin-folder';
import { readTarballManifest } from './tarball-manifest';

export interface PluginChangeOptions {
  home: string;
  /** Pass `--offline` to npm: nothing is fetched, only the npm cache and local files are used. */
  offline?: boolean;
}

export interface InstalledPlugin {
  pkg: PluginPackage;
  /** `<home>/plugins`. */
  folder: string;
  /** `<home>/config.json`, whose `plugins.allow` now names the package. */
  configFile: string;
}

const NOT_A_PLUGIN = 'package.json needs keyword "stemflow-plugin" and "stemflow": { "role": "analysis-plugin", "pluginId": …, "apiVersion": … }';

/**
 * `stemflow plugin install <tarball|folder|npm-spec>`: install a plugin package into the home's
 * plugin folder and allow it in `<home>/config.json` (installing is the user's consent). A
 * folder is packed first (`npm pack`, which runs its `prepack` build), so the home gets a copy,
 * never a link to the author's working tree; tarballs are copied into the folder too.
 */
export function installPlugin(source: string, options: PluginChangeOptions): InstalledPlugin {
  const folder = new PluginFolder(options.home);
  const local = resolve(source);
  const isLocal = existsSync(local);
  if (!isLocal && /^(\.|\/|~)|\.t(ar\.)?gz$/.test(source)) {
    throw new StemflowError('NOT_FOUND', `${local} does not exist: give a plugin tarball (.tgz from "npm pack"), a plugin package folder or an npm package name`);
  }
  folder.prepare();
  const given = isLocal ? tarballOf(local, folder, options.offline) : undefined;
  const spec = given?.tarball ?? source;
  const before = folder.installed();
  try {
    npm(['install', '--prefix', folder.dir, spec], { offline: options.offline });
  } catch (error) {
    // A tarball copy no installed package refers to is left-over: remove it.
    if (given && !Object.values(folder.installed()).some((s) => resolve(folder.dir, s.replace(/^file:/, '')) === given.tarball)) rmSync(given.tarball, { force: true });
    throw error;
  }
  const name = given?.name ?? newPackage(before, folder.installed(), source);
  const pkg = readPluginPackage(folder.packageDir(name));
  const refusal = pkg && refusalOf(pkg, { allow: '*' });
  if (!pkg || refusal) {
    npm(['uninstall', '--prefix', folder.dir, name], { offline: options.offline });
    throw new StemflowError('PLUGIN_INVALID', refusal ? refusal.message : `${name} is not a Stemflow plugin package (${NOT_A_PLUGIN}); removed it again`);
  }
  changeAllowList(options.home, name, true);
  return { pkg, folder: folder.dir, configFile: configFileOf(options.home) };
}

/**
 * A local source as a checked tarball in the folder's `packages/`: a folder is packed, a
 * tarball copied. Checked before it lands there, so a file that is no plugin leaves nothing behind.
 */
function tarballOf(local: string, folder: PluginFolder, offline?: boolean): { tarball: string; name: string } {
  const packed = statSync(local).isDirectory() ? packFolder(local, folder.tarballs, offline) : undefined;
  try {
    const name = checkTarball(packed ?? local);
    return { tarball: packed ?? copyInto(local, folder.tarballs), name };
  } catch (error) {
    if (packed) rmSync(packed, { force: true });
    throw error;
  }
}

/** `npm pack` a plugin package folder into `dest`; returns the tarball. */
function packFolder(dir: string, dest: string, offline?: boolean): string {
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest)) throw new StemflowError('PLUGIN_INVALID', `${dir} has no package.json: give a plugin package folder (e.g. one made by "stemflow plugin new")`);
  const { name, version } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
  if (!name || !version) throw new StemflowError('PLUGIN_INVALID', `${manifest} needs a "name" and a "version" to be packed`);
  npm(['pack', dir, '--pack-destination', dest], { cwd: dir, offline });
  // npm's tarball name: the package name without "@", "/" as "-", then the version.
  const tarball = join(dest, `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`);
  if (!existsSync(tarball)) throw new StemflowError('INTERNAL', `npm pack ${dir} did not write ${tarball}`);
  return tarball;
}

function copyInto(file: string, dest: string): string {
  const copy = join(dest, basename(file));
  if (resolve(file) !== copy) copyFileSync(file, copy);
  return copy;
}

/** The package name in a plugin tarball; refuses one that is no Stemflow plugin, or made for another plugin API, before npm runs. */
function checkTarball(tarball: string): string {
  const manifest = readTarballManifest(tarball);
  // readPluginPackage reads a folder: give it the manifest alone (its code is not unpacked).
  const scratch = mkdtempSync(join(tmpdir(), 'stemflow-manifest-'));
  try {
    writeFileSync(join(scratch, 'package.json'), JSON.stringify(manifest));
    const pkg = readPluginPackage(scratch);
    if (!pkg || typeof manifest.name !== 'string') throw new StemflowError('PLUGIN_INVALID', `${tarball} is not a Stemflow plugin package: ${NOT_A_PLUGIN}`);
    const refusal = refusalOf(pkg, { allow: '*' });
    if (refusal) throw new StemflowError('PLUGIN_INVALID', refusal.message);
    return pkg.packageName;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The package an npm spec installed: the new or changed entry of the folder's dependencies, else the name in the spec. */
function newPackage(before: Record<string, string>, after: Record<string, string>, spec: string): string {
  const changed = Object.keys(after).filter((name) => before[name] !== after[name]);
  if (changed.length === 1) return changed[0]!;
  const named = /^(@[^/@]+\/[^@]+|[^@]+)/.exec(spec)?.[1];
  if (named && named in after) return named;
  throw new StemflowError('INTERNAL', `npm installed "${spec}" but the package it added is unclear: run "stemflow plugins" to check`);
}
