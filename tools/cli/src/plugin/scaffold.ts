import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { StemflowError } from '@stemflow/plugin-sdk';
import { npmNameProblem, pluginIdFor } from './names';
import { GITIGNORE, JEST_CONFIG, packageJson, TSCONFIG } from './scaffold-package';
import { readme } from './scaffold-readme';
import { indexSource, specSource } from './scaffold-source';

export interface Scaffolded {
  dir: string;
  pluginId: string;
  files: string[];
}

/** The files of a new plugin package, by path relative to its folder. */
export function scaffoldFiles(name: string, pluginId: string): Record<string, string> {
  return {
    'package.json': packageJson(name, pluginId),
    'tsconfig.json': TSCONFIG,
    'jest.config.js': JEST_CONFIG,
    '.gitignore': GITIGNORE,
    'README.md': readme(name, pluginId),
    'src/index.ts': indexSource(pluginId),
    'src/index.spec.ts': specSource(pluginId),
  };
}

/**
 * Write a new plugin package `<parent>/<name without scope>/`. Refuses an invalid npm name and
 * an existing folder that is not empty (nothing is overwritten).
 */
export function scaffoldPlugin(name: string, parent: string): Scaffolded {
  const problem = npmNameProblem(name);
  if (problem) throw new StemflowError('PARAMS_INVALID', `"${name}" is not a valid npm package name: it ${problem}`);
  const pluginId = pluginIdFor(name);
  const dir = resolve(parent, name.replace(/^@[^/]+\//, ''));
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new StemflowError('PARAMS_INVALID', `${dir} exists and is not empty: choose another name or --dir, or remove the folder`);
  }
  const files = scaffoldFiles(name, pluginId);
  for (const [path, text] of Object.entries(files)) {
    const file = join(dir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text, { flag: 'wx' });
  }
  return { dir, pluginId, files: Object.keys(files) };
}
