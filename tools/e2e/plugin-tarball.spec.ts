import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readNpyArray } from '@stemflow/engine';
import { Redis } from 'ioredis';
import { repoRoot, startHost, type Host } from './browser-kit.fixture';

/**
 * A plugin author's whole path, as users take it: `stemflow plugin new`, `npm pack` (its prepack
 * builds), `stemflow plugin install <tarball>` into a fresh home, then the plugin is listed, its
 * form is served, it runs on worker threads, in the host and on a BullMQ worker, and
 * `stemflow plugin uninstall` takes it away again. No network: npm runs with --offline.
 */
const REDIS_URL = process.env.STEMFLOW_TEST_REDIS ?? 'redis://127.0.0.1:6379';
const bin = join(repoRoot, 'tools/cli/bin/stemflow.js');
const NAME = '@lab/stemflow-plugin-disk-total';
const ID = 'disk-total';
const [NY, NX, SY, SX] = [6, 7, 20, 18];
const PARAMS = { cx: 8, cy: 9.5, r: 5 };

const work = mkdtempSync(join(tmpdir(), 'stemflow-plugin-tarball-'));
const home = join(work, 'home');
const dataPath = join(work, 'data', 'scan.npy');
const env = { ...process.env, npm_config_update_notifier: 'false', STEMFLOW_HOME: join(work, 'no-such-home') };

function stemflow(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [bin, ...args], { cwd: work, encoding: 'utf8', env });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** What `stemflow plugins --json` lists for a home. */
function listed(forHome: string): { id: string; packageName: string }[] {
  const run = stemflow('plugins', '--json', '--home', forHome);
  expect(run.status).toBe(0);
  return JSON.parse(run.stdout) as { id: string; packageName: string }[];
}

/** Plain float64 reference of the scaffold's UDF: Σ of each frame over the pixels within r of (cx, cy). */
function reference(): Float64Array {
  const { data } = readNpyArray(dataPath);
  const out = new Float64Array(NY * NX);
  for (let f = 0; f < out.length; f++) {
    for (let y = 0; y < SY; y++) {
      for (let x = 0; x < SX; x++) {
        if ((x - PARAMS.cx) ** 2 + (y - PARAMS.cy) ** 2 <= PARAMS.r ** 2) out[f]! += Number(data[f * SY * SX + y * SX + x]);
      }
    }
  }
  return out;
}

function expectReference(file: string): void {
  const result = readNpyArray(file);
  expect(result.shape).toEqual([NY, NX]);
  // uint16 data under a 0/1 mask sums exactly in float64.
  expect(Array.from(result.data)).toEqual(Array.from(reference()));
}

function runJob(executor: string, out: string, ...more: string[]): void {
  const run = stemflow('run', ID, dataPath, '--params', JSON.stringify(PARAMS), '--executor', executor, ...more, '--home', home, '--out', join(work, out), '--json');
  expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
  expectReference(join(work, out, 'intensity.npy'));
}

let tarball = '';

beforeAll(() => {
  const made = stemflow('plugin', 'new', NAME, '--dir', join(work, 'author'));
  expect(made.status).toBe(0);
  const pluginDir = join(work, 'author', 'stemflow-plugin-disk-total');
  // What "npm install" gives the author: TypeScript and the SDK (this repository's node_modules has both).
  symlinkSync(join(repoRoot, 'node_modules'), join(pluginDir, 'node_modules'), 'dir');
  const packed = spawnSync('npm', ['pack', '--offline'], { cwd: pluginDir, encoding: 'utf8', env });
  expect({ status: packed.status, stderr: packed.status === 0 ? '' : packed.stderr }).toEqual({ status: 0, stderr: '' });
  tarball = join(pluginDir, readdirSync(pluginDir).find((f) => f.endsWith('.tgz'))!);
  mkdirSync(join(work, 'data'));
  expect(stemflow('sample', dataPath, '--nav', `${NY}x${NX}`, '--sig', `${SY}x${SX}`).status).toBe(0);
});

describe('a plugin installed from its npm tarball', () => {
  it('installs offline into the home, allowed in its config.json, with the host SDK as its peer', () => {
    const sdkFiles = readdirSync(join(repoRoot, 'libs/plugin-sdk'));
    const installed = stemflow('plugin', 'install', tarball, '--home', home, '--offline');
    expect({ status: installed.status, stderr: installed.stderr }).toEqual({ status: 0, stderr: '' });
    expect(installed.stdout).toMatch(`installed ${NAME}@0.1.0 (plugin "${ID}")`);
    expect(JSON.parse(readFileSync(join(home, 'config.json'), 'utf8'))).toEqual({ plugins: { allow: [NAME] } });
    // The plugin's `require('@stemflow/plugin-sdk')` gets the host's own copy; npm wrote nothing into it.
    const installedDir = join(home, 'plugins/node_modules', NAME);
    const resolved = spawnSync(process.execPath, ['-p', "require.resolve('@stemflow/plugin-sdk')"], { cwd: installedDir, encoding: 'utf8' });
    expect(realpathSync(resolved.stdout.trim())).toBe(realpathSync(join(repoRoot, 'libs/plugin-sdk/dist/index.js')));
    expect(readdirSync(join(repoRoot, 'libs/plugin-sdk'))).toEqual(sdkFiles);
  });

  it('is listed by "stemflow plugins" for that home only', () => {
    expect(listed(home)).toContainEqual(expect.objectContaining({ id: ID, packageName: NAME }));
    expect(listed(join(work, 'other-home')).map((p) => p.id)).not.toContain(ID);
  });

  describe('in a fresh host', () => {
    let host: Host;
    const api = async (path: string, init?: RequestInit): Promise<Response> => {
      const url = new URL(host.url);
      return fetch(`${url.origin}${path}`, { ...init, headers: { authorization: `Bearer ${url.searchParams.get('token')}`, 'content-type': 'application/json' } });
    };
    beforeAll(async () => {
      host = await startHost(join(work, 'data'), home);
    });
    afterAll(() => host?.stop());

    it('is listed and serves its form: schema and defaults for the data set', async () => {
      const list = (await (await api('/api/plugins')).json()) as { id: string }[];
      expect(list.map((p) => p.id)).toContain(ID);
      const dataset = (await (await api('/api/datasets', { method: 'POST', body: JSON.stringify({ path: dataPath }) })).json()) as { id: string };
      const form = (await (await api(`/api/plugins/${ID}?datasetId=${dataset.id}`)).json()) as {
        paramsSchema: { properties: Record<string, { title: string }> };
        defaults: Record<string, number>;
      };
      expect(Object.keys(form.paramsSchema.properties).sort()).toEqual(['cx', 'cy', 'r']);
      expect(form.paramsSchema.properties.r!.title).toBe('Radius');
      // The scaffold's defaults: a disk in the middle of the frame, radius 1/8 of its short side.
      expect(form.defaults).toEqual({ cx: SX / 2, cy: SY / 2, r: Math.min(SY, SX) / 8 });
    });

    it('runs a job in the host', async () => {
      const dataset = (await (await api('/api/datasets', { method: 'POST', body: JSON.stringify({ path: dataPath }) })).json()) as { id: string };
      const posted = await api('/api/jobs', { method: 'POST', body: JSON.stringify({ datasetId: dataset.id, analysisId: ID, params: PARAMS }) });
      expect(posted.status).toBe(202);
      const { id } = (await posted.json()) as { id: string };
      let status = '';
      for (let i = 0; i < 200 && !['done', 'failed'].includes(status); i++) {
        await new Promise((r) => setTimeout(r, 100));
        status = ((await (await api(`/api/jobs/${id}`)).json()) as { status: string }).status;
      }
      expect(status).toBe('done');
      const file = join(work, 'host-intensity.npy');
      writeFileSync(file, Buffer.from(await (await api(`/api/jobs/${id}/results/intensity.npy`)).arrayBuffer()));
      expectReference(file);
    });
  });

  it('runs on worker threads ("stemflow run --executor threads")', () => {
    runJob('threads', 'threads');
  });

  it('runs on a BullMQ worker that has the same home', async () => {
    const prefix = `sftest-tarball-${process.pid}`;
    const worker = spawn(process.execPath, [bin, 'worker', '--redis', REDIS_URL, '--prefix', prefix, '--concurrency', '1', '--home', home], { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    worker.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<void>((done) => worker.once('exit', () => done()));
    try {
      await new Promise<void>((ready, fail) => {
        worker.stdout.on('data', (c: Buffer) => c.toString().includes('ready') && ready());
        void exited.then(() => fail(new Error(`worker exited: ${stderr}`)));
      });
      expect(stderr).toMatch(new RegExp(`plugins: .*\\b${ID}\\b`));
      runJob('bullmq', 'bullmq', '--redis', REDIS_URL, '--prefix', prefix);
    } finally {
      worker.kill('SIGTERM');
      await exited;
      const redis = new Redis(REDIS_URL);
      const left = await redis.keys(`${prefix}:*`);
      if (left.length > 0) await redis.del(...left);
      await redis.quit();
    }
  });

  it('is uninstalled: gone from the list, the allow list and the plugin folder', () => {
    const removed = stemflow('plugin', 'uninstall', NAME, '--home', home, '--offline');
    expect({ status: removed.status, stderr: removed.stderr }).toEqual({ status: 0, stderr: '' });
    expect(listed(home).map((p) => p.id)).not.toContain(ID);
    expect(JSON.parse(readFileSync(join(home, 'config.json'), 'utf8'))).toEqual({ plugins: { allow: [] } });
    expect(existsSync(join(home, 'plugins/node_modules', NAME))).toBe(false);
    expect(readdirSync(join(home, 'plugins/packages'))).toEqual([]);
    const run = stemflow('run', ID, dataPath, '--home', home);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(`no analysis "${ID}"`);
    // A second uninstall says what is installed instead.
    expect(stemflow('plugin', 'uninstall', NAME, '--home', home).stderr).toMatch(/is not installed in .*\(installed there: none\)/);
  });
});

describe('plugin install refuses what is not a plugin tarball', () => {
  const refusedHome = join(work, 'refused-home');

  it('a missing file, a file that is no tarball, and a package that is no plugin, naming the fix', () => {
    expect(stemflow('plugin', 'install', join(work, 'nope.tgz'), '--home', refusedHome).stderr).toMatch(/does not exist: give a plugin tarball/);
    const notGzip = join(work, 'not-a-tarball.tgz');
    writeFileSync(notGzip, 'hello');
    expect(stemflow('plugin', 'install', notGzip, '--home', refusedHome).stderr).toMatch(/is not a package tarball \(a \.tgz from "npm pack"\)/);
    const plain = join(work, 'plain');
    mkdirSync(plain);
    writeFileSync(join(plain, 'package.json'), JSON.stringify({ name: 'plain-package', version: '1.0.0' }));
    const packedPlain = stemflow('plugin', 'install', plain, '--home', refusedHome, '--offline');
    expect(packedPlain.status).toBe(1);
    expect(packedPlain.stderr).toMatch(/is not a Stemflow plugin package: package.json needs keyword "stemflow-plugin"/);
    // Nothing was installed, allowed or left behind.
    expect(readdirSync(join(refusedHome, 'plugins/packages'))).toEqual([]);
    expect(existsSync(join(refusedHome, 'config.json'))).toBe(false);
  });
});
