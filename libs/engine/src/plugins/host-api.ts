import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PLUGIN_API_VERSION } from '@stemflow/plugin-sdk';

/** What this host offers plugins: the plugin API version and the `@stemflow/plugin-sdk` version. */
export interface HostApi {
  pluginApi: string;
  sdk: string;
}

let cached: HostApi | undefined;

/** What this process offers plugins: the SDK's plugin API version and its package version. */
export function hostApi(): HostApi {
  cached ??= { pluginApi: PLUGIN_API_VERSION, sdk: sdkPackageVersion() ?? PLUGIN_API_VERSION };
  return cached;
}

/** Look for the SDK's package.json the way Node resolves the package: node_modules folders from here up. */
function sdkPackageVersion(): string | undefined {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    try {
      const file = join(dir, 'node_modules', '@stemflow', 'plugin-sdk', 'package.json');
      return (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version;
    } catch {
      // not installed at this level
    }
    if (dirname(dir) === dir) return undefined;
  }
}
