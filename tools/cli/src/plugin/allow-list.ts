import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StemflowError } from '@stemflow/plugin-sdk';

/** `<home>/config.json`, whose `plugins.allow` lists the installed plugin packages the host may load. */
export function configFileOf(home: string): string {
  return join(home, 'config.json');
}

/**
 * Add `name` to `plugins.allow` of `<home>/config.json` (`add`) or take it out, keeping every
 * other setting. An allow list of `"*"` already allows everything and is left alone.
 * Returns whether the file changed.
 */
export function changeAllowList(home: string, name: string, add: boolean): boolean {
  const file = configFileOf(home);
  const config = readConfig(file);
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

function readConfig(file: string): Record<string, unknown> {
  if (!existsSync(file)) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new StemflowError('PARAMS_INVALID', `${file} is not valid JSON (${(error as Error).message}): fix or delete it`, { cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new StemflowError('PARAMS_INVALID', `${file} must be a JSON object: fix or delete it`);
  return parsed as Record<string, unknown>;
}
