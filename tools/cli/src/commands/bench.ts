import { resolve } from 'node:path';
import {
  appendHistory,
  compareRecords,
  compressionSurvey,
  formatBenchTable,
  formatCompressionTable,
  formatComparison,
  formatDistributionTable,
  MIN_VALID_ROUNDS,
  readLastRecord,
  runBench,
  runDistribution,
  type BenchOptions,
} from '@stemflow/bench';
import { StemflowError } from '@stemflow/plugin-sdk';
import { parseShape, stringOption, type ParsedArgs } from '../args';
import { datasetRequest } from './dataset-request';

function wholeNumber(args: ParsedArgs, name: string): number | undefined {
  const text = stringOption(args, name);
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new StemflowError('PARAMS_INVALID', `--${name} "${text}" must be a whole number ≥ 1`);
  return Number(text);
}

function pair(args: ParsedArgs, name: string): [number, number] | undefined {
  const shape = parseShape(stringOption(args, name), name);
  if (shape && shape.length !== 2) throw new StemflowError('PARAMS_INVALID', `--${name} takes two sizes, like 128x128`);
  return shape as [number, number] | undefined;
}

/** What to measure: a given file (opened like `stemflow run` opens it) or the generated one. */
function benchOptions(args: ParsedArgs): BenchOptions {
  const file = stringOption(args, 'file');
  const dataDir = stringOption(args, 'data-dir');
  const options: BenchOptions = {
    workers: wholeNumber(args, 'workers'),
    rounds: wholeNumber(args, 'rounds'),
    reloadPageCache: args.options['keep-cache'] !== true,
    log: (line) => process.stderr.write(`${line}\n`),
  };
  if (file) options.request = datasetRequest(resolve(file), args);
  else Object.assign(options, { dataDir: dataDir && resolve(dataDir), navShape: pair(args, 'nav'), sigShape: pair(args, 'sig') });
  return options;
}

/** The compression survey; here --data-dir is the folder of real detector files it reads. */
async function compression(args: ParsedArgs): Promise<void> {
  const dataDir = stringOption(args, 'data-dir');
  const json = args.options.json === true;
  const report = await compressionSurvey({ ...(dataDir ? { dataDir: resolve(dataDir) } : {}), onProgress: (line) => process.stderr.write(`${line}\n`) });
  process.stdout.write(json ? `${JSON.stringify(report)}\n` : formatCompressionTable(report));
}

/** Distribution cost: threads against `stemflow worker` processes on Redis (this CLI starts them). */
async function distribution(args: ParsedArgs): Promise<void> {
  const redis = stringOption(args, 'redis');
  if (!redis) throw new StemflowError('PARAMS_INVALID', 'bench --distribution needs the Redis the workers use: --redis redis://127.0.0.1:6379');
  const dataDir = stringOption(args, 'data-dir');
  const cases = stringOption(args, 'cases');
  const report = await runDistribution({
    redis,
    workerCommand: [process.execPath, process.argv[1]!],
    slots: wholeNumber(args, 'workers'),
    rounds: wholeNumber(args, 'rounds'),
    reloadPageCache: args.options['keep-cache'] !== true,
    ...(cases ? { cases: cases.split(',') } : {}),
    ...(dataDir ? { dataDir: resolve(dataDir) } : {}),
    navShape: pair(args, 'nav'),
    sigShape: pair(args, 'sig'),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(args.options.json === true ? `${JSON.stringify(report)}\n` : formatDistributionTable(report));
}

/**
 * `stemflow bench`: the LiberTEM table's analyses and a read baseline over one file, as a table
 * or one JSON record; optionally appended to a history and compared with its last record
 * (exit code 1 on a regression). `--compression` runs the compression survey instead.
 */
export async function bench(args: ParsedArgs): Promise<void> {
  if (args.options.compression === true) return compression(args);
  if (args.options.distribution === true) return distribution(args);
  const json = args.options.json === true;
  const historyPath = stringOption(args, 'history');
  const comparePath = stringOption(args, 'compare');
  // Read the earlier record first: a missing or broken file fails before minutes of measuring.
  const earlier = comparePath ? readLastRecord(resolve(comparePath)) : undefined;
  const options = benchOptions(args);
  if (options.rounds !== undefined && options.rounds < MIN_VALID_ROUNDS) {
    process.stderr.write(`warning: ${options.rounds} round(s) is too few for trustworthy medians and spreads; the record is marked "valid": false\n`);
  }

  const report = await runBench(options);
  process.stdout.write(json ? `${JSON.stringify(report)}\n` : formatBenchTable(report));

  if (earlier) {
    const { record, line, count } = earlier;
    const which = `${resolve(comparePath!)} line ${line} of ${count}${record.date ? ` (${record.date})` : ''}`;
    const comparison = compareRecords(record, report);
    // With --json, stdout holds only the record.
    (json ? process.stderr : process.stdout).write(`\n${formatComparison(comparison, which)}`);
    if (comparison.regressions > 0) process.exitCode = 1;
  }
  if (historyPath) {
    appendHistory(resolve(historyPath), report);
    process.stderr.write(`appended to ${resolve(historyPath)}\n`);
  }
}
