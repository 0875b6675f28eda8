import { relative } from 'node:path';
import { StemflowError } from '@stemflow/plugin-sdk';
import { stringOption, type ParsedArgs } from '../args';
import { stemflowHome } from '../plugin/home';
import { installPlugin } from '../plugin/install';
import { scaffoldPlugin } from '../plugin/scaffold';
import { uninstallPlugin } from '../plugin/uninstall';
import { validatePluginPackage } from '../plugin/validate';

/**
 * `stemflow plugin new <name> [--dir PARENT]`, `plugin validate [dir] [--json]`,
 * `plugin install <tarball|folder|npm-spec> [--home D] [--offline]` and
 * `plugin uninstall <package-name|plugin-id> [--home D] [--offline]`.
 */
export function plugin(args: ParsedArgs): void {
  const [sub, ...rest] = args.positionals;
  if (sub === 'new') return pluginNew(rest, args);
  if (sub === 'validate') return pluginValidate(rest, args);
  if (sub === 'install') return pluginInstall(rest, args);
  if (sub === 'uninstall') return pluginUninstall(rest, args);
  throw new StemflowError('PARAMS_INVALID', `unknown "plugin ${sub ?? ''}": use "stemflow plugin new|validate|install|uninstall" (see "stemflow help")`);
}

function pluginInstall([source]: string[], args: ParsedArgs): void {
  if (!source) throw new StemflowError('PARAMS_INVALID', 'plugin install needs a tarball, folder or npm package, e.g. "stemflow plugin install ./lab-stemflow-plugin-x-0.1.0.tgz"');
  const home = stemflowHome(args);
  const { pkg, folder, configFile } = installPlugin(source, { home, offline: args.options.offline === true });
  process.stdout.write(
    `installed ${pkg.packageName}@${pkg.version} (plugin "${pkg.pluginId}") in ${folder}, allowed in ${configFile}\n` +
      `restart "stemflow serve" and any "stemflow worker" with this home to load it\n`,
  );
}

function pluginUninstall([nameOrId]: string[], args: ParsedArgs): void {
  if (!nameOrId) throw new StemflowError('PARAMS_INVALID', 'plugin uninstall needs the package name (or plugin id) of an installed plugin, e.g. "stemflow plugin uninstall @lab/stemflow-plugin-x"');
  const home = stemflowHome(args);
  const name = uninstallPlugin(nameOrId, { home, offline: args.options.offline === true });
  process.stdout.write(`uninstalled ${name} from ${home}; restart "stemflow serve" and any "stemflow worker" with this home\n`);
}

function pluginNew([name]: string[], args: ParsedArgs): void {
  if (!name) throw new StemflowError('PARAMS_INVALID', 'plugin new needs a package name, e.g. "stemflow plugin new stemflow-plugin-ring-sum"');
  const { dir, pluginId, files } = scaffoldPlugin(name, stringOption(args, 'dir') ?? process.cwd());
  const shown = relative(process.cwd(), dir) || '.';
  process.stdout.write(
    `created ${name} (plugin id "${pluginId}") in ${dir}:\n${files.map((f) => `  ${f}\n`).join('')}\n` +
      `next:\n  cd ${shown}\n  npm install\n  npm test\n  npm run build && stemflow plugin validate .\n`,
  );
}

function pluginValidate([dir = '.']: string[], args: ParsedArgs): void {
  const report = validatePluginPackage(dir);
  if (args.options.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    for (const p of report.problems) process.stdout.write(`${p.level}: ${p.path}: ${p.message}\n`);
    const errors = report.problems.filter((p) => p.level === 'error').length;
    const warnings = report.problems.length - errors;
    const found = report.plugins.length > 0 ? ` (plugins: ${report.plugins.join(', ')})` : '';
    process.stdout.write(`${report.ok ? 'ok' : 'invalid'}: ${report.dir}${found}, ${errors} error(s), ${warnings} warning(s)\n`);
  }
  if (!report.ok) process.exitCode = 1;
}
