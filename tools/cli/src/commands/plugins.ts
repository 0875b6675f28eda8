import { homePluginPolicy, PluginCatalog } from '@stemflow/engine';
import type { ParsedArgs } from '../args';
import { stemflowHome } from '../plugin/home';

export function plugins(args: ParsedArgs): void {
  const home = stemflowHome(args);
  const catalog = PluginCatalog.discover({ start: __dirname, home, policy: homePluginPolicy(home, args.lists['allow-plugin']) });
  if (args.options.json) {
    const list = catalog.entries.map(({ plugin, pkg }) => ({
      id: plugin.id,
      title: plugin.title,
      description: plugin.description,
      version: pkg.version,
      packageName: pkg.packageName,
      paramsSchema: JSON.parse(JSON.stringify(plugin.params)) as unknown,
    }));
    process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
  } else {
    const width = Math.max(...catalog.entries.map((e) => e.plugin.id.length), 2);
    for (const { plugin, pkg } of catalog.entries) {
      process.stdout.write(`${plugin.id.padEnd(width)}  ${plugin.title}  (${pkg.packageName}@${pkg.version})\n`);
    }
  }
  for (const problem of catalog.problems) process.stderr.write(`warning: ${problem.message}\n`);
}
