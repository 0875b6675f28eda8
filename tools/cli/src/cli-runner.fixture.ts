import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** The `stemflow` command as users run it (the built CLI in a child process), and a NumPy reference runner. */
const bin = join(__dirname, '../bin/stemflow.js');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function stemflowIn(cwd: string): (...args: string[]) => CliRun {
  return (...args) => {
    const run = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd });
    return { status: run.status, stdout: run.stdout, stderr: run.stderr };
  };
}

/** An independent NumPy computation (python3 + numpy are on every machine of this kind, for checking). */
export function numpy(script: string): string {
  const run = spawnSync('python3', ['-c', script], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`python3/numpy reference failed: ${run.stderr}`);
  return run.stdout.trim();
}
