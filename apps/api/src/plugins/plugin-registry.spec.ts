import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PLUGIN_API_VERSION } from '@stemflow/plugin-sdk';
import type { RunningServer } from '../server';
import { call, makeEnv, openCube, SIG, start, waitForJob, type TestEnv } from '../testing/api-test-env.fixture';
import { marked, writePluginPackage } from '../testing/plugin-packages.fixture';

function writeConfig(env: TestEnv, config: unknown): string {
  mkdirSync(env.home, { recursive: true });
  const file = join(env.home, 'config.json');
  writeFileSync(file, JSON.stringify(config));
  return file;
}

const KERNEL_PARTS = ['taskData', 'processFrame', 'processTile', 'processPartition', 'merge'];

describe('plugin registry (allow list, API range, no kernel code)', () => {
  let env: TestEnv;
  let server: RunningServer;
  let configFile: string;

  beforeAll(async () => {
    env = makeEnv();
    writePluginPackage(env.base, { name: '@acme/plugin-trap', pluginId: 'trap', apiVersion: '^1' });
    writePluginPackage(env.base, { name: 'acme-untrusted', pluginId: 'untrusted', apiVersion: '^1', markLoad: true });
    writePluginPackage(env.base, { name: 'acme-old', pluginId: 'old', apiVersion: '^0.4', markLoad: true });
    configFile = writeConfig(env, { plugins: { allow: ['acme-old'] } });
    // `allowPlugins` (a CLI flag) adds to the config file's list.
    server = await start(env, { pluginSearchFrom: env.base, allowPlugins: ['@acme/plugin-trap'] });
  });

  afterAll(async () => {
    await server?.close();
    env.cleanup();
  });

  it('lists allowed plugins and serves their forms without running kernel code', async () => {
    const list = await call(server, 'GET', '/api/plugins');
    expect(list.status).toBe(200);
    expect(list.body.map((p: { id: string }) => p.id).sort()).toEqual(['test-ring', 'trap']);
    const form = await call(server, 'GET', '/api/plugins/trap');
    expect(form.status).toBe(200);
    expect(form.body).toMatchObject({ id: 'trap', packageName: '@acme/plugin-trap', paramsSchema: { properties: { r: { type: 'number' } } } });
    const datasetId = await openCube(server, env);
    const suited = await call(server, 'GET', `/api/plugins/trap?datasetId=${datasetId}`);
    expect(suited.body.defaults).toEqual({ r: SIG[0] / 4 });
    expect((await call(server, 'GET', `/api/plugins?datasetId=${datasetId}`)).status).toBe(200);
    expect(KERNEL_PARTS.filter((part) => marked(env.base, 'trap', part))).toEqual([]);
  });

  it('(the trap works: a job does run kernel code, and fails)', async () => {
    const datasetId = await openCube(server, env);
    const job = await call(server, 'POST', '/api/jobs', { datasetId, analysisId: 'trap', params: { r: 1 } });
    expect(job.status).toBe(202);
    expect((await waitForJob(server, job.body.id)).status).toBe('failed');
    expect(KERNEL_PARTS.some((part) => marked(env.base, 'trap', part))).toBe(true);
  });

  it('refuses a package not on the allow list, saying how to allow it, without loading it', async () => {
    const { status, body } = await call(server, 'GET', '/api/plugins/problems');
    expect(status).toBe(200);
    expect(body).toContainEqual({
      packageName: 'acme-untrusted',
      pluginId: 'untrusted',
      version: '0.3.0',
      reason: 'not-allowed',
      message: `plugin package acme-untrusted is installed but not allowed to load: add "acme-untrusted" to "plugins.allow" in ${configFile} if you trust it`,
    });
    const form = await call(server, 'GET', '/api/plugins/untrusted');
    expect(form.status).toBe(404);
    expect(form.type).toContain('application/problem+json');
    expect(form.body.detail).toContain('not allowed to load');
    expect(marked(env.base, 'untrusted', 'load')).toBe(false);
  });

  it('refuses an allowed package made for another plugin API, with the fix', async () => {
    const { body } = await call(server, 'GET', '/api/plugins/problems');
    expect(body).toContainEqual(
      expect.objectContaining({
        packageName: 'acme-old',
        reason: 'api-mismatch',
        message: `plugin acme-old needs plugin API ^0.4, this host provides ${PLUGIN_API_VERSION}: install a version of acme-old made for plugin API 1.x`,
      }),
    );
    expect(marked(env.base, 'old', 'load')).toBe(false);
  });

  it('an unknown analysis id is a 404 problem naming the installed ones', async () => {
    const reply = await call(server, 'GET', '/api/plugins/nope');
    expect(reply.status).toBe(404);
    expect(reply.body).toMatchObject({ code: 'NOT_FOUND', detail: expect.stringContaining('test-ring, trap') });
  });
});

describe('plugins.allow "*" in config.json', () => {
  it('loads every installed package (the API range is still checked)', async () => {
    const env = makeEnv();
    writePluginPackage(env.base, { name: 'acme-untrusted', pluginId: 'untrusted', apiVersion: '^1' });
    writeConfig(env, { plugins: { allow: '*' } });
    const server = await start(env, { pluginSearchFrom: env.base, pluginDirs: [] });
    try {
      expect((await call(server, 'GET', '/api/plugins')).body.map((p: { id: string }) => p.id)).toEqual(['untrusted']);
    } finally {
      await server.close();
      env.cleanup();
    }
  });

  it('a broken config file stops the server with the file and the fix', async () => {
    const env = makeEnv();
    writeConfig(env, { plugins: { allow: 'acme' } });
    try {
      await expect(start(env)).rejects.toThrow(`${join(env.home, 'config.json')}: "plugins.allow" must be a list of package names or "*"`);
    } finally {
      env.cleanup();
    }
  });
});
