import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const BUILT = resolve(__dirname, '../../dist/executors/thread-executor.js');

/**
 * Node aborts the whole process (V8 "IsGraphAsync … must be used on an instantiated module")
 * when a worker thread is terminated while it loads an ES module through require() (the SDK's
 * typebox). The pool must let its threads finish loading before terminating them. Run in a
 * child process: the failure mode is an abort, which would take the test runner down with it.
 * Before the fix this loop aborted in 2 of 3 runs.
 */
it('closes a pool whose threads are still loading without aborting the process', () => {
  expect(existsSync(BUILT)).toBe(true);
  const script = `
    const { ThreadExecutor } = require(${JSON.stringify(BUILT)});
    (async () => {
      for (let i = 0; i < 30; i++) {
        const pool = new ThreadExecutor({ workers: 2 });
        pool.warmUp();
        await new Promise((r) => setTimeout(r, (i * 7) % 100));
        await pool.close();
      }
      process.stdout.write('closed 30 pools');
    })();`;
  const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000 });
  expect({ signal: child.signal, status: child.status, stderr: child.stderr.slice(0, 300) }).toEqual({ signal: null, status: 0, stderr: '' });
  expect(child.stdout).toBe('closed 30 pools');
});
