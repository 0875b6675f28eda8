import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_FILE_NAME, readConfigJson } from '@stemflow/engine';
import { StemflowError } from '@stemflow/plugin-sdk';

/** `<home>/config.json`, whose `plugins.allow` lists the installed plugin packages the host may load. */
export function configFileOf(home: string): string {
  return join(home, CONFIG_FILE_NAME);
}

/**
 * Add `name` to `plugins.allow` of `<home>/config.json` (`add`) or take it out, keeping every
 * other setting. An allow list of `"*"` already allows everything and is left alone.
 * Returns whether the file changed.
 */
export function changeAllowList(home: string, name: string, add: boolean): boolean {
  const file = configFileOf(home);
  const config = readConfigJson(file);
  const plugins = (config.plugins ?? {}) as { allow?: unknown };
  if (typeof plugins !== 'object' || plugins === null || Array.isArray(plugins)) {
    throw new StemflowError('PARAMS_INVALID', `${file}: "plugins" must be an object like { "allow": ["package-name"] }: fix it, then install again`);
  }
  if (plugins.allow === '*') return false;
  const allow = plugins.allow ?? [];
  if (!Array.isArray(allow) || !allow.every((a) => typeof a === 'string')) {
    throw new StemflowError('PARAMS_INVALID', `${file}: "plugins.allow" must be a list of package names or "*": fix it, then install again`);
  }
  const next = add ? [...new Set([...allow, name])] : allow.filter((a) => a !== name);
  if (next.length === allow.length && next.every((a, i) => a === allow[i])) return false;
  config.plugins = { ...plugins, allow: next };
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
  return true;
}
