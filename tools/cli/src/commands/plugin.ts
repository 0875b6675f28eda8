import { relative } from 'node:path';
import { StemflowError } from '@stemflow/plugin-sdk';
import { stringOption, type ParsedArgs } from '../args';
import { scaffoldPlugin } from '../plugin/scaffold';
import { validatePluginPackage } from '../plugin/validate';

/** `stemflow plugin new <name> [--dir PARENT]` and `stemflow plugin validate [dir] [--json]`. */
export function plugin(args: ParsedArgs): void {
  const [sub, ...rest] = args.positionals;
  if (sub === 'new') return pluginNew(rest, args);
  if (sub === 'validate') return pluginValidate(rest, args);
  throw new StemflowError('PARAMS_INVALID', `unknown "plugin ${sub ?? ''}": use "stemflow plugin new <name>" or "stemflow plugin validate [dir]"`);
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
