import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ExecutorKind } from '@stemflow/engine';
import { StemflowError } from '@stemflow/plugin-sdk';

/** What `startServer` accepts (the CLI's `stemflow serve` options). */
export interface ServerOptions {
  /** Interface to bind; default 127.0.0.1 (loopback only). */
  host?: string;
  /** Default 8765; 0 picks any free port. */
  port?: number;
  /** Folders whose files may be browsed and opened; nothing outside them can be read. */
  dataRoots: string[];
  /** Folder for `stemflow.db` and `results/`; created if missing. */
  home: string;
  /** Required on every /api request and WebSocket; a random 32-byte hex string if absent. */
  token?: string;
  executor?: Exclude<ExecutorKind, 'bullmq'>;
  /** Worker threads for the `threads` executor (default: one per core). */
  workers?: number;
  /** Built web app served at '/', if the folder exists. */
  webRoot?: string;
  /** A sample data set the web app can offer to open. */
  samplePath?: string;
  /** Extra plugin package directories, besides those installed in node_modules. */
  pluginDirs?: string[];
  /** Nest logger setting: `false` silences it (tests). */
  logger?: false | ('log' | 'error' | 'warn' | 'debug' | 'verbose' | 'fatal')[];
}

/** The resolved configuration the modules share. */
export interface ServerConfig {
  host: string;
  port: number;
  /** Real paths (symlinks resolved) of the data roots. */
  dataRoots: string[];
  home: string;
  resultsDir: string;
  token: string;
  executor: Exclude<ExecutorKind, 'bullmq'>;
  workers?: number;
  webRoot?: string;
  samplePath?: string;
  pluginDirs: string[];
  version: string;
}

export const SERVER_CONFIG = Symbol('SERVER_CONFIG');

export function resolveConfig(options: ServerOptions): ServerConfig {
  const dataRoots = (options.dataRoots ?? []).map((root) => {
    const absolute = resolve(root);
    if (!existsSync(absolute) || !statSync(absolute).isDirectory()) {
      throw new StemflowError('NOT_FOUND', `data root ${absolute} is not a directory: create it or pass another --data-root`);
    }
    return realpathSync(absolute);
  });
  const home = resolve(options.home);
  mkdirSync(join(home, 'results'), { recursive: true });
  const token = options.token ?? randomBytes(32).toString('hex');
  if (token.length === 0) throw new StemflowError('PARAMS_INVALID', 'the token must not be empty');
  const executor = options.executor ?? 'threads';
  if (executor !== 'threads' && executor !== 'inline') {
    throw new StemflowError('PARAMS_INVALID', `the server runs jobs with the "threads" or "inline" executor, not "${String(executor)}"`);
  }
  const webRoot = options.webRoot && existsSync(join(options.webRoot, 'index.html')) ? resolve(options.webRoot) : undefined;
  return {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 8765,
    dataRoots,
    home,
    resultsDir: join(home, 'results'),
    token,
    executor,
    workers: options.workers,
    webRoot,
    samplePath: options.samplePath ? resolve(options.samplePath) : undefined,
    pluginDirs: (options.pluginDirs ?? []).map((dir) => resolve(dir)),
    version: apiVersion(),
  };
}

/** The version of @stemflow/api (its package.json sits one level above src/ and dist/). */
function apiVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}
