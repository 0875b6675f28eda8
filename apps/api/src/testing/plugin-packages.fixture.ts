/** Plugin packages written into a temp `node_modules` for the registry tests, in plain JavaScript (no SDK needed). */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface FixturePackage {
  name: string;
  pluginId: string;
  apiVersion: string;
  /** Write `<base>/marker-<pluginId>-load` when the module is loaded (for packages that must never load). */
  markLoad?: boolean;
}

/** Where a fixture writes its markers: `<base>/marker-<pluginId>-<what>`. */
export const markerFile = (base: string, pluginId: string, what: string): string => join(base, `marker-${pluginId}-${what}`);
export const marked = (base: string, pluginId: string, what: string): boolean => existsSync(markerFile(base, pluginId, what));

/**
 * A plugin package under `<base>/node_modules/<name>`. Every kernel entry point (taskData,
 * processFrame/Tile/Partition, merge, results) writes a marker and throws: if listing or a
 * form ever ran kernel code, the marker would exist.
 */
export function writePluginPackage(base: string, pkg: FixturePackage): string {
  const dir = join(base, 'node_modules', pkg.name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: pkg.name, version: '0.3.0', keywords: ['stemflow-plugin'], stemflow: { role: 'analysis-plugin', pluginId: pkg.pluginId, apiVersion: pkg.apiVersion }, main: 'index.js' }),
  );
  const marker = (what: string) => JSON.stringify(markerFile(base, pkg.pluginId, what));
  const trap = (what: string) => `() => { require('node:fs').writeFileSync(${marker(what)}, ''); throw new Error('kernel code ran: ${what}'); }`;
  writeFileSync(
    join(dir, 'index.js'),
    `'use strict';
${pkg.markLoad ? `require('node:fs').writeFileSync(${marker('load')}, '');` : ''}
module.exports.default = {
  id: ${JSON.stringify(pkg.pluginId)},
  title: 'Kernel trap',
  description: 'Fails loudly if any kernel code runs',
  params: { type: 'object', properties: { r: { type: 'number', title: 'Radius', default: 3 } }, required: ['r'] },
  defaults: ({ sigShape }) => ({ r: sigShape[0] / 4 }),
  udf: {
    buffers: { value: { kind: 'nav', dtype: 'float32' } },
    taskData: ${trap('taskData')},
    processFrame: ${trap('processFrame')},
    processTile: ${trap('processTile')},
    processPartition: ${trap('processPartition')},
    merge: ${trap('merge')},
  },
};
`,
  );
  return dir;
}
