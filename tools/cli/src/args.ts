import { StemflowError } from '@stemflow/plugin-sdk';

export interface ParsedArgs {
  positionals: string[];
  /** Last value of each flag; `true` for flags without a value. */
  options: Record<string, string | true>;
  /** Every value of flags that may repeat (e.g. --data-root). */
  lists: Record<string, string[]>;
}

/**
 * `--name value`, `--name=value` and bare boolean flags. `booleans` lists the flags that take
 * no value, so `--json file` is not misread.
 */
export function parseArgs(argv: string[], booleans: readonly string[] = []): ParsedArgs {
  const parsed: ParsedArgs = { positionals: [], options: {}, lists: {} };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      parsed.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    let value: string | true;
    if (eq > 0) value = arg.slice(eq + 1);
    else if (booleans.includes(name)) value = true;
    else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new StemflowError('PARAMS_INVALID', `--${name} needs a value`);
      value = next;
      i++;
    }
    parsed.options[name] = value;
    if (typeof value === 'string') (parsed.lists[name] ??= []).push(value);
  }
  return parsed;
}

export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.options[name];
  if (value === true) throw new StemflowError('PARAMS_INVALID', `--${name} needs a value`);
  return value;
}

/** "128x128" → [128, 128] (rows × columns, slowest axis first). */
export function parseShape(text: string | undefined, what: string): number[] | undefined {
  if (text === undefined) return undefined;
  const parts = text.toLowerCase().split(/[x×,]/).map((s) => Number(s.trim()));
  if (parts.length === 0 || parts.some((n) => !Number.isInteger(n) || n <= 0)) {
    throw new StemflowError('PARAMS_INVALID', `--${what} "${text}" is not a shape: write rows×columns like 128x128`);
  }
  return parts;
}
