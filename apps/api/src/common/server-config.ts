import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CONFIG_FILE_NAME, readConfigFile, type ExecutorKind } from '@stemflow/engine';
import { StemflowError } from '@stemflow/plugin-sdk';

/** JSON request bodies up to this size by default: a 2048×2048 float32 mask is 22 MB as base64. */
export const DEFAULT_MAX_BODY_BYTES = 32 * 2 ** 20;

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
  executor?: ExecutorKind;
  /** redis://host:port for the `bullmq` executor (where the `stemflow worker`s connect). */
  redis?: string;
  /** Redis key prefix shared with the workers (bullmq; default "stemflow"). */
  redisPrefix?: string;
  /** Worker threads for the `threads` executor (default: one per core). */
  workers?: number;
  /** Built web app served at '/', if the folder exists. */
  webRoot?: string;
  /** A sample data set the web app can offer to open. */
  samplePath?: string;
  /** Extra plugin package directories, besides those installed in node_modules (allowed because named). */
  pluginDirs?: string[];
  /**
   * Installed plugin packages allowed to load besides the built-ins (`@stemflow/…`), added to
   * `plugins.allow` of `<home>/config.json`; `'*'` allows every installed plugin package.
   */
  allowPlugins?: string[] | '*';
  /** Where the search for installed plugin packages (node_modules) starts; default: the host's own install. */
  pluginSearchFrom?: string;
  /**
   * Extra names the server may be reached by (`Host` header), as `name` or `name:port`, added to
   * `allowedHosts` of the config file. Loopback names are always accepted.
   */
  allowedHosts?: string[];
  /** Extra web origins (`http://localhost:5173`) allowed to call the API, added to `allowedOrigins` of the config file. */
  allowedOrigins?: string[];
  /** Largest JSON request body in bytes (default 32 MiB, or `limits.bodyBytes` of the config file). */
  maxBodyBytes?: number;
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
  executor: ExecutorKind;
  redis?: string;
  redisPrefix?: string;
  workers?: number;
  webRoot?: string;
  samplePath?: string;
  pluginDirs: string[];
  /** Installed plugin packages allowed besides the built-ins, or '*'. */
  pluginsAllow: string[] | '*';
  pluginSearchFrom?: string;
  /** `<home>/config.json` (may not exist), named in messages that tell the user what to change. */
  configFile: string;
  allowedHosts: string[];
  allowedOrigins: string[];
  maxBodyBytes: number;
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
  const file = readConfigFile(home);
  const token = options.token ?? randomBytes(32).toString('hex');
  if (token.length === 0) throw new StemflowError('PARAMS_INVALID', 'the token must not be empty');
  const executor = options.executor ?? 'threads';
  if (executor !== 'threads' && executor !== 'inline' && executor !== 'bullmq') {
    throw new StemflowError('PARAMS_INVALID', `the server runs jobs with the "threads", "inline" or "bullmq" executor, not "${String(executor)}"`);
  }
  if (executor === 'bullmq' && !options.redis) throw new StemflowError('PARAMS_INVALID', 'the bullmq executor needs a Redis URL (redis://HOST:6379)');
  const webRoot = options.webRoot && existsSync(join(options.webRoot, 'index.html')) ? resolve(options.webRoot) : undefined;
  return {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 8765,
    dataRoots,
    home,
    resultsDir: join(home, 'results'),
    token,
    executor,
    ...(executor === 'bullmq' ? { redis: options.redis, redisPrefix: options.redisPrefix } : {}),
    workers: options.workers,
    webRoot,
    samplePath: options.samplePath ? resolve(options.samplePath) : undefined,
    pluginDirs: (options.pluginDirs ?? []).map((dir) => resolve(dir)),
    pluginsAllow: mergeAllow(file.plugins?.allow, options.allowPlugins),
    pluginSearchFrom: options.pluginSearchFrom ? resolve(options.pluginSearchFrom) : undefined,
    configFile: join(home, CONFIG_FILE_NAME),
    allowedHosts: [...(file.allowedHosts ?? []), ...(options.allowedHosts ?? [])],
    allowedOrigins: [...(file.allowedOrigins ?? []), ...(options.allowedOrigins ?? [])],
    maxBodyBytes: positive(options.maxBodyBytes, 'maxBodyBytes') ?? file.limits?.bodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    version: apiVersion(),
  };
}

/** The config file's allow list plus the one given as an option; '*' from either wins. */
function mergeAllow(fromFile: string[] | '*' | undefined, fromOptions: string[] | '*' | undefined): string[] | '*' {
  if (fromFile === '*' || fromOptions === '*') return '*';
  return [...new Set([...(fromFile ?? []), ...(fromOptions ?? [])])];
}

function positive(value: number | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value <= 0) throw new StemflowError('PARAMS_INVALID', `${name} must be a positive whole number of bytes, not ${value}`);
  return value;
}

/** The version of @stemflow/api (its package.json sits one level above src/ and dist/). */
function apiVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}
