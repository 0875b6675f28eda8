import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringOption, type ParsedArgs } from '../args';

/**
 * The Stemflow home every command uses: `--home DIR`, else `$STEMFLOW_HOME`, else `~/.stemflow`.
 * It holds the database and results (`serve`), `config.json` and the plugin folder `plugins/`.
 */
export function stemflowHome(args: ParsedArgs): string {
  return resolve(stringOption(args, 'home') ?? process.env.STEMFLOW_HOME ?? join(homedir(), '.stemflow'));
}
