import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StemflowError } from '@stemflow/plugin-sdk';
import type { PluginPolicy } from '../plugins/plugin-policy';

/**
 * `<home>/config.json`: settings that outlive one `stemflow serve`, e.g.
 * `{ "plugins": { "allow": ["@acme/stemflow-plugin-x"] }, "allowedHosts": ["lab-pc.local"],
 *    "allowedOrigins": ["http://localhost:5173"], "limits": { "bodyBytes": 33554432 } }`.
 */
export interface ConfigFile {
  plugins?: { allow?: string[] | '*' };
  allowedHosts?: string[];
  allowedOrigins?: string[];
  limits?: { bodyBytes?: number };
}

export const CONFIG_FILE_NAME = 'config.json';

/** Read and check `<home>/config.json`; an absent file is an empty configuration. */
export function readConfigFile(home: string): ConfigFile {
  const file = join(home, CONFIG_FILE_NAME);
  const parsed = readConfigJson(file);
  const problems = configProblems(parsed);
  if (problems.length > 0) throw new StemflowError('PARAMS_INVALID', `${file}: ${problems.join('; ')}`);
  return parsed as ConfigFile;
}

/** A config file as JSON, unchecked (to rewrite it keeping every key); an absent file is `{}`. */
export function readConfigJson(file: string): Record<string, unknown> {
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

const isStringList = (value: unknown): boolean => Array.isArray(value) && value.every((v) => typeof v === 'string');

function configProblems(c: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const plugins = c.plugins as Record<string, unknown> | undefined;
  if (plugins !== undefined && (typeof plugins !== 'object' || plugins === null)) problems.push('"plugins" must be an object like { "allow": ["package-name"] }');
  else if (plugins?.allow !== undefined && plugins.allow !== '*' && !isStringList(plugins.allow)) problems.push('"plugins.allow" must be a list of package names or "*"');
  for (const key of ['allowedHosts', 'allowedOrigins']) {
    if (c[key] !== undefined && !isStringList(c[key])) problems.push(`"${key}" must be a list of strings`);
  }
  const limits = c.limits as Record<string, unknown> | undefined;
  const body = limits?.bodyBytes;
  if (body !== undefined && !(typeof body === 'number' && Number.isInteger(body) && body > 0)) problems.push('"limits.bodyBytes" must be a positive whole number of bytes');
  return problems;
}

/**
 * The plugin policy of a Stemflow home: the built-ins, the packages its `plugins.allow` names
 * (`stemflow plugin install` adds them) and those of `alsoAllow` (`--allow-plugin`). Every
 * command that loads plugins uses it, so a package that merely sits in a `node_modules` folder
 * never runs.
 */
export function homePluginPolicy(home: string, alsoAllow: readonly string[] = []): PluginPolicy {
  const fromFile = readConfigFile(home).plugins?.allow ?? [];
  const allow = fromFile === '*' ? '*' : [...fromFile, ...alsoAllow];
  return { allow, allowHint: `"plugins.allow" in ${join(home, CONFIG_FILE_NAME)} (or --allow-plugin)` };
}
