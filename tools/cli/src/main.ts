import { isStemflowError } from '@stemflow/plugin-sdk';
import { parseArgs, type ParsedArgs } from './args';
import { bench } from './commands/bench';
import { info } from './commands/info';
import { plugin } from './commands/plugin';
import { plugins } from './commands/plugins';
import { run } from './commands/run';
import { sample } from './commands/sample';
import { serve } from './commands/serve';
import { worker } from './commands/worker';

const USAGE = `usage: stemflow <command> [options]
  (--home DIR, else $STEMFLOW_HOME, else ~/.stemflow: config.json, plugins/, database and results)

  serve    [--host 127.0.0.1] [--port 8765] [--data-root DIR]... [--home DIR] [--token T]
           [--executor threads|inline] [--sample] [--allow-plugin NAME|'*']... [--allowed-host H]...
           [--allowed-origin URL]...   (also in <home>/config.json: plugins.allow, allowedHosts, allowedOrigins)
           [--executor bullmq --redis redis://HOST:6379 [--prefix P]]   (partitions run on "stemflow worker"s)
  info     <path> [--format ID] [--nav AxB] [--sig CxD] [--dtype T] [--byte-order little|big]
           [--offset BYTES] [--sync-offset N] [--reader JSON] [--json]
  run      <analysis-id> <path> [--params JSON|@file.json] [--format ID] [--nav AxB] [--sig CxD]
           [--dtype T] [--byte-order O] [--offset B] [--sync-offset N] [--reader JSON] [--roi FILE.npy] [--out DIR]
           [--dark FILE.npy] [--gain FILE.npy] [--excluded FILE.npy] [--no-corrections]
           [--executor threads|inline] [--json] [--home DIR] [--allow-plugin NAME|'*']...
           [--executor bullmq --redis redis://HOST:6379 [--prefix P]]
  sample   <path.npy|path.raw> --nav AxB --sig CxD [--dtype uint16] [--seed N]
  plugins  [--json] [--home DIR] [--allow-plugin NAME|'*']...
  plugin   new <name> [--dir PARENT]   (scaffold a plugin package: schema, UDF, tests, README)
  plugin   validate [DIR] [--json]     (check a plugin package without running its kernel; exit 1 on errors)
  plugin   install <file.tgz|DIR|npm-package> [--home DIR] [--offline]
           (into <home>/plugins, allowed in <home>/config.json; serve, run, plugins and worker load it)
  plugin   uninstall <package-name|plugin-id> [--home DIR] [--offline]
  bench    [--nav 128x128 --sig 256x256 --data-dir DIR | --file PATH [--format ID] [--nav AxB] [--sig CxD] ...]
           [--workers N] [--rounds 3] [--json] [--history FILE.jsonl] [--compare FILE.jsonl]
           [--keep-cache]   (default: drop the file's cached pages and read it back in one pass first)
  bench    --compression [--data-dir DIR-OF-REAL-DATA] [--json]
  bench    --distribution --redis redis://HOST:6379 [--workers N] [--rounds 3] [--cases sum,...] [--nav AxB --sig CxD] [--json]
           (threads against N "stemflow worker" processes on Redis, which it starts and stops)
  worker   --redis redis://HOST:6379 [--concurrency N] [--prefix P] [--plugin-dir DIR]... [--home DIR]
           [--allow-plugin NAME|'*']... [--lock-ms 60000] [--stalled-ms 15000]   (takes partitions of --executor bullmq jobs)
  worker   --redis redis://HOST:6379 --list [--prefix P] [--json]   (the connected workers)
`;

const COMMANDS: Record<string, (args: ParsedArgs) => void | Promise<void>> = { serve, info, run, sample, plugins, plugin, bench, worker };
const BOOLEAN_FLAGS = ['json', 'sample', 'help', 'no-corrections', 'compression', 'distribution', 'keep-cache', 'list', 'offline'];

export async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  const handler = COMMANDS[command];
  if (!handler) {
    process.stderr.write(`error: unknown command "${command}"\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  try {
    await handler(parseArgs(rest, BOOLEAN_FLAGS));
  } catch (error) {
    if (isStemflowError(error)) {
      process.stderr.write(`error: ${error.message}\n`);
      for (const e of error.errors ?? []) process.stderr.write(`  ${e.path}: ${e.message}\n`);
      process.exitCode = ['PARAMS_INVALID', 'SHAPE_MISMATCH', 'FORMAT_UNKNOWN', 'NOT_FOUND'].includes(error.code) ? 2 : 1;
    } else {
      process.stderr.write(`error: ${(error as Error)?.stack ?? String(error)}\n`);
      process.exitCode = 1;
    }
  }
}
