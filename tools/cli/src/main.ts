import { isStemflowError } from '@stemflow/plugin-sdk';
import { parseArgs, type ParsedArgs } from './args';
import { bench } from './commands/bench';
import { info } from './commands/info';
import { plugins } from './commands/plugins';
import { run } from './commands/run';
import { sample } from './commands/sample';
import { serve } from './commands/serve';

const USAGE = `usage: stemflow <command> [options]

  serve    [--host 127.0.0.1] [--port 8765] [--data-root DIR]... [--home DIR] [--token T]
           [--executor threads|inline] [--sample] [--allow-plugin NAME|'*']... [--allowed-host H]...
           [--allowed-origin URL]...   (also in <home>/config.json: plugins.allow, allowedHosts, allowedOrigins)
  info     <path> [--format ID] [--nav AxB] [--sig CxD] [--dtype T] [--byte-order little|big]
           [--offset BYTES] [--sync-offset N] [--reader JSON] [--json]
  run      <analysis-id> <path> [--params JSON|@file.json] [--format ID] [--nav AxB] [--sig CxD]
           [--dtype T] [--byte-order O] [--offset B] [--sync-offset N] [--reader JSON] [--roi FILE.npy] [--out DIR]
           [--dark FILE.npy] [--gain FILE.npy] [--excluded FILE.npy] [--no-corrections]
           [--executor threads|inline] [--json]
  sample   <path.npy|path.raw> --nav AxB --sig CxD [--dtype uint16] [--seed N]
  plugins  [--json]
  bench    [--nav 128x128 --sig 256x256 --data-dir DIR | --file PATH [--format ID] [--nav AxB] [--sig CxD] ...]
           [--workers N] [--rounds 3] [--json] [--history FILE.jsonl] [--compare FILE.jsonl]
  bench    --compression [--data-dir DIR-OF-REAL-DATA] [--json]
`;

const COMMANDS: Record<string, (args: ParsedArgs) => void | Promise<void>> = { serve, info, run, sample, plugins, bench };
const BOOLEAN_FLAGS = ['json', 'sample', 'help', 'no-corrections', 'compression'];

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
