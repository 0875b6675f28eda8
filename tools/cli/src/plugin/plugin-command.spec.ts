import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stemflowIn } from '../cli-runner.fixture';

/** The built `stemflow plugin` command: output and exit codes as users see them. */
const dir = mkdtempSync(join(tmpdir(), 'stemflow-plugin-cmd-'));
const stemflow = stemflowIn(dir);

describe('stemflow plugin', () => {
  it('new scaffolds into --dir; validate then asks for a build (exit 1)', () => {
    const made = stemflow('plugin', 'new', 'stemflow-plugin-halo', '--dir', join(dir, 'work'));
    expect(made.status).toBe(0);
    expect(made.stdout).toContain('plugin id "halo"');
    const checked = stemflow('plugin', 'validate', join(dir, 'work/stemflow-plugin-halo'), '--json');
    expect(checked.status).toBe(1);
    expect(JSON.parse(checked.stdout).problems).toEqual([
      { path: 'package.json#main', message: 'dist/index.js does not exist: run "npm run build" first', level: 'error' },
    ]);
  });

  it('validate passes a built-in plugin (exit 0)', () => {
    const checked = stemflow('plugin', 'validate', join(__dirname, '../../../../plugins/sum'));
    expect(checked.status).toBe(0);
    expect(checked.stdout).toMatch(/^ok: .*plugins\/sum \(plugins: sum\), 0 error\(s\), 0 warning\(s\)\n$/);
  });

  it('refuses a missing name and an unknown subcommand (exit 2)', () => {
    expect(stemflow('plugin', 'new')).toMatchObject({ status: 2, stderr: expect.stringContaining('needs a package name') });
    expect(stemflow('plugin', 'frobnicate')).toMatchObject({ status: 2, stderr: expect.stringContaining('unknown "plugin frobnicate"') });
  });
});
