import { isValidRange, parseVersion, satisfies } from './api-range';
import type { PluginPackage } from './discover';
import { hostApi, type HostApi } from './host-api';

/** Which discovered plugin packages may load. Checked on package.json alone: a refused package's code never runs. */
export interface PluginPolicy {
  /**
   * Package names allowed besides the built-ins (`@stemflow/…`) and explicitly given plugin
   * directories; `@scope/*` allows a scope, `'*'` (or leaving it out) allows everything.
   */
  allow?: readonly string[] | '*';
  /** Where the user changes `allow`, for the refusal message (e.g. `plugins.allow in ~/.stemflow/config.json`). */
  allowHint?: string;
  /** The versions this host provides; default: those of the SDK loaded in this process. */
  host?: HostApi;
}

export type RefusalReason = 'not-allowed' | 'api-mismatch';

/** Built-in plugins are the `@stemflow/` scope (published only by the Stemflow project). */
export function isBuiltIn(pkg: PluginPackage): boolean {
  return pkg.packageName.startsWith('@stemflow/');
}

function isAllowed(pkg: PluginPackage, allow: readonly string[] | '*' | undefined): boolean {
  if (allow === undefined || allow === '*') return true;
  return allow.some((entry) => entry === '*' || entry === pkg.packageName || (entry.endsWith('/*') && pkg.packageName.startsWith(entry.slice(0, -1))));
}

/**
 * Why a plugin package must not load, or undefined if it may: not on the allow list, or made
 * for another plugin API / SDK version than this host provides.
 */
export function refusalOf(pkg: PluginPackage, policy: PluginPolicy, explicit = false): { reason: RefusalReason; message: string } | undefined {
  const name = pkg.packageName;
  if (!explicit && !isBuiltIn(pkg) && !isAllowed(pkg, policy.allow)) {
    const where = policy.allowHint ?? 'the "plugins.allow" setting';
    return { reason: 'not-allowed', message: `plugin package ${name} is installed but not allowed to load: add "${name}" to ${where} if you trust it` };
  }
  const host = policy.host ?? hostApi();
  const major = parseVersion(host.pluginApi)?.[0] ?? host.pluginApi;
  const madeFor = `install a version of ${name} made for plugin API ${major}.x`;
  if (!isValidRange(pkg.apiVersion)) {
    return { reason: 'api-mismatch', message: `plugin ${name} declares plugin API "${pkg.apiVersion}", which is not a version range (e.g. "^${major}"): ${madeFor}` };
  }
  if (!satisfies(host.pluginApi, pkg.apiVersion)) {
    return { reason: 'api-mismatch', message: `plugin ${name} needs plugin API ${pkg.apiVersion}, this host provides ${host.pluginApi}: ${madeFor}` };
  }
  // A peer range that is not semver (workspace:, file:, a git URL) says nothing about versions: skip it.
  if (pkg.sdkRange !== undefined && isValidRange(pkg.sdkRange) && !satisfies(host.sdk, pkg.sdkRange)) {
    const sdkMajor = parseVersion(host.sdk)?.[0] ?? host.sdk;
    return {
      reason: 'api-mismatch',
      message: `plugin ${name} needs plugin API ${pkg.sdkRange} (@stemflow/plugin-sdk), this host provides ${host.sdk}: install a version of ${name} made for @stemflow/plugin-sdk ${sdkMajor}.x`,
    };
  }
  return undefined;
}
