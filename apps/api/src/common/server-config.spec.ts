import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostOriginProblem, parseAuthority } from './host-origin-guard';
import { DEFAULT_MAX_BODY_BYTES, resolveConfig } from './server-config';

describe('server configuration', () => {
  let home: string;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'stemflow-config-'));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('defaults: built-ins only, 32 MiB bodies, no extra hosts or origins', () => {
    const config = resolveConfig({ dataRoots: [], home });
    expect(config).toMatchObject({ pluginsAllow: [], maxBodyBytes: DEFAULT_MAX_BODY_BYTES, allowedHosts: [], allowedOrigins: [], configFile: join(home, 'config.json') });
    expect(DEFAULT_MAX_BODY_BYTES).toBe(32 * 2 ** 20);
  });

  it('reads <home>/config.json; options add to its lists and override its limit', () => {
    mkdirSync(home, { recursive: true });
    writeFileSync(join(home, 'config.json'), JSON.stringify({ plugins: { allow: ['a'] }, allowedHosts: ['lab'], allowedOrigins: ['http://x:1'], limits: { bodyBytes: 1000 } }));
    expect(resolveConfig({ dataRoots: [], home })).toMatchObject({ pluginsAllow: ['a'], allowedHosts: ['lab'], allowedOrigins: ['http://x:1'], maxBodyBytes: 1000 });
    expect(resolveConfig({ dataRoots: [], home, allowPlugins: ['b', 'a'], allowedHosts: ['pc'], maxBodyBytes: 5 })).toMatchObject({ pluginsAllow: ['a', 'b'], allowedHosts: ['lab', 'pc'], maxBodyBytes: 5 });
    expect(resolveConfig({ dataRoots: [], home, allowPlugins: '*' }).pluginsAllow).toBe('*');
    expect(() => resolveConfig({ dataRoots: [], home, maxBodyBytes: 0 })).toThrow('maxBodyBytes must be a positive whole number');
  });

  it('refuses a config file that is not JSON, naming the file', () => {
    writeFileSync(join(home, 'config.json'), '{ plugins: ');
    expect(() => resolveConfig({ dataRoots: [], home })).toThrow(`${join(home, 'config.json')} is not valid JSON`);
  });
});

describe('Host and Origin check', () => {
  const policy = (host: string) => ({ host, allowedHosts: [], allowedOrigins: [], configFile: 'config.json' });
  const req = (headers: Record<string, string>) => ({ headers, socket: { localPort: 8765 } }) as unknown as IncomingMessage;

  it('parses names, ports and IPv6 literals', () => {
    expect(parseAuthority('LocalHost:80')).toEqual({ name: 'localhost', port: 80 });
    expect(parseAuthority('[::1]:8765')).toEqual({ name: '[::1]', port: 8765 });
    expect(parseAuthority('pc')).toEqual({ name: 'pc' });
    expect(parseAuthority('a:b:c')).toBeUndefined();
    expect(parseAuthority('evil.example:8765/x')).toBeUndefined();
  });

  it('bound to all interfaces, the machine name is its own; bound to loopback it is not', () => {
    const own = { host: `${hostname()}:8765`, origin: `http://${hostname()}:8765` };
    expect(hostOriginProblem(req(own), policy('0.0.0.0'))).toBeUndefined();
    expect(hostOriginProblem(req(own), policy('127.0.0.1'))?.status).toBe(403);
    expect(hostOriginProblem(req({ host: '127.0.0.1:8765', origin: 'https://127.0.0.1:8765' }), policy('127.0.0.1'))?.status).toBe(403);
  });
});
