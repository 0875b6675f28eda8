import { spawnSync } from 'node:child_process';
import { StemflowError } from '@stemflow/plugin-sdk';

export interface NpmOptions {
  /** Never touch the registry (`--offline`): only the npm cache and local files. */
  offline?: boolean;
  cwd?: string;
}

/**
 * Run npm with `args` (plus `--no-audit --no-fund`, and `--offline` if asked); its output is
 * returned, and on failure its error text becomes the message.
 */
export function npm(args: string[], options: NpmOptions = {}): string {
  const command = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const all = [...args, '--no-audit', '--no-fund', '--loglevel=error', ...(options.offline ? ['--offline'] : [])];
  const run = spawnSync(command, all, {
    cwd: options.cwd,
    encoding: 'utf8',
    shell: process.platform === 'win32', // .cmd files need a shell on Windows
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });
  if (run.error) throw new StemflowError('INTERNAL', `could not run npm (${run.error.message}): install Node.js with npm and make sure "npm" is on the PATH`, { cause: run.error });
  if (run.status !== 0) {
    const why = (run.stderr || run.stdout).trim().split('\n').slice(-12).join('\n');
    const hint = options.offline ? ' (--offline: only the npm cache and local files are used)' : '';
    throw new StemflowError('PLUGIN_INVALID', `npm ${args.join(' ')} failed${hint}:\n${why}`);
  }
  return run.stdout;
}
