import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { StemflowError } from '@stemflow/plugin-sdk';
import { stringOption, type ParsedArgs } from '../args';
import { stemflowHome } from '../plugin/home';
import { writeSample } from '../sample/write-sample';

function webRoot(): string | undefined {
  try {
    // Only locates the built web app's static files to serve; no web code is imported.
    // eslint-disable-next-line @nx/enforce-module-boundaries
    const dir = join(dirname(require.resolve('@stemflow/web/package.json')), 'dist');
    return existsSync(join(dir, 'index.html')) ? dir : undefined;
  } catch {
    return undefined;
  }
}

export async function serve(args: ParsedArgs): Promise<void> {
  const home = stemflowHome(args);
  mkdirSync(home, { recursive: true });
  const dataRoots = (args.lists['data-root'] ?? []).map((d) => resolve(d));
  let samplePath: string | undefined;
  if (args.options.sample) {
    // First start: a realistic synthetic data set to try everything on.
    const sampleDir = join(home, 'data');
    samplePath = join(sampleDir, 'sample.npy');
    if (!existsSync(samplePath)) {
      mkdirSync(sampleDir, { recursive: true });
      process.stderr.write(`writing a sample data set to ${samplePath} …\n`);
      writeSample(samplePath, { navShape: [64, 64], sigShape: [128, 128] });
    }
    if (!dataRoots.includes(sampleDir)) dataRoots.push(sampleDir);
  }
  if (dataRoots.length === 0) throw new StemflowError('PARAMS_INVALID', 'give at least one --data-root DIR (files are only read under data roots), or --sample');
  const port = Number(stringOption(args, 'port') ?? 8765);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new StemflowError('PARAMS_INVALID', `--port ${port} is not a TCP port`);
  const executor = stringOption(args, 'executor') ?? 'threads';
  if (executor !== 'threads' && executor !== 'inline' && executor !== 'bullmq') throw new StemflowError('PARAMS_INVALID', `--executor ${executor}: use threads, inline or bullmq`);
  const redis = stringOption(args, 'redis');
  if (executor === 'bullmq' && !redis) throw new StemflowError('PARAMS_INVALID', '--executor bullmq needs --redis redis://HOST:6379 (the Redis your "stemflow worker"s use)');
  const { startServer } = await import('@stemflow/api'); // loaded only for serve: NestJS is slow to load
  const server = await startServer({
    host: stringOption(args, 'host') ?? '127.0.0.1',
    port,
    dataRoots,
    home,
    token: stringOption(args, 'token'),
    executor,
    ...(executor === 'bullmq' ? { redis, redisPrefix: stringOption(args, 'prefix') } : {}),
    webRoot: webRoot(),
    samplePath,
    // Added to <home>/config.json's plugins.allow, allowedHosts and allowedOrigins.
    allowPlugins: args.lists['allow-plugin'],
    allowedHosts: args.lists['allowed-host'],
    allowedOrigins: args.lists['allowed-origin'],
  });
  process.stdout.write(`Stemflow is running at ${server.url}/?token=${server.token}\n`);
  const stop = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
