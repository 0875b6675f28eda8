import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BullmqExecutor, DEFAULT_PREFIX, homePluginPolicy, PluginCatalog, startWorkerNode } from '@stemflow/engine';
import { StemflowError } from '@stemflow/plugin-sdk';
import { stringOption, type ParsedArgs } from '../args';
import { stemflowHome } from '../plugin/home';

function cliVersion(): string {
  return (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
}

function positiveInt(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new StemflowError('PARAMS_INVALID', `--${name} ${text} must be a positive whole number`);
  return n;
}

/**
 * `stemflow worker --redis URL`: take partitions of bullmq jobs from Redis and run them with the
 * plugins installed here and in the home's plugin folder, reading data from the shared file system. Stops cleanly on SIGINT/SIGTERM.
 */
export async function worker(args: ParsedArgs): Promise<void> {
  const redis = stringOption(args, 'redis');
  if (!redis) throw new StemflowError('PARAMS_INVALID', 'give the Redis the host uses: stemflow worker --redis redis://HOST:6379');
  if (args.options.list === true) return listWorkers(redis, stringOption(args, 'prefix') ?? DEFAULT_PREFIX, args.options.json === true);
  const home = stemflowHome(args);
  const extraDirs = (args.lists['plugin-dir'] ?? []).map((d) => resolve(d));
  const catalog = PluginCatalog.discover({ start: __dirname, home, extraDirs, policy: homePluginPolicy(home, args.lists['allow-plugin']) });
  for (const problem of catalog.problems) process.stderr.write(`warning: ${problem.message}\n`);
  const node = await startWorkerNode({
    redis,
    prefix: stringOption(args, 'prefix') ?? DEFAULT_PREFIX,
    concurrency: positiveInt(stringOption(args, 'concurrency'), 'concurrency'),
    lockDuration: positiveInt(stringOption(args, 'lock-ms'), 'lock-ms'),
    stalledInterval: positiveInt(stringOption(args, 'stalled-ms'), 'stalled-ms'),
    plugins: catalog.entries.map((e) => e.ref),
    pluginVersions: Object.fromEntries(catalog.entries.map((e) => [e.plugin.id, e.pkg.version])),
    version: cliVersion(),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(`worker ${node.id} ready\n`);
  await new Promise<void>((done) => {
    const stop = (): void => {
      process.stderr.write('stopping: finishing running partitions …\n');
      void node.close().then(done);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

/** `stemflow worker --redis URL --list [--json]`: the workers connected now, as the host sees them. */
async function listWorkers(redis: string, prefix: string, json: boolean): Promise<void> {
  const executor = new BullmqExecutor({ redis, prefix });
  try {
    const workers = await executor.listWorkers();
    if (json) {
      process.stdout.write(`${JSON.stringify(workers, null, 2)}\n`);
      return;
    }
    if (workers.length === 0) process.stderr.write(`no worker is connected (prefix "${prefix}")\n`);
    for (const w of workers) {
      const plugins = w.plugins.map((p) => (p.version ? `${p.id}@${p.version}` : p.id)).join(', ');
      process.stdout.write(`${w.id}  host ${w.host}  ${w.concurrency}/${w.cores} cores  stemflow ${w.version}  plugins: ${plugins || 'none'}\n`);
    }
  } finally {
    await executor.close();
  }
}
