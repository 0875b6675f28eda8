import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildProvenance, createExecutor, describeDataSet, encodeNpy, homePluginPolicy, openDataSet, PluginCatalog, readNpyArray, resolveCorrections, runJob } from '@stemflow/engine';
import { bytesPerElement, dtypeOf, product, resolveParams, StemflowError } from '@stemflow/plugin-sdk';
import { stringOption, type ParsedArgs } from '../args';
import { stemflowHome } from '../plugin/home';
import { ProgressBar } from '../progress-bar';
import { datasetRequest } from './dataset-request';

function readParams(text: string | undefined): unknown {
  if (text === undefined) return {};
  const source = text.startsWith('@') ? readFileSync(text.slice(1), 'utf8') : text;
  try {
    return JSON.parse(source);
  } catch (error) {
    throw new StemflowError('PARAMS_INVALID', `--params is not valid JSON (${(error as Error).message}); write it like '{"cx": 64, "cy": 64, "r": 10}' or @params.json`);
  }
}

function readRoi(path: string | undefined, frames: number): Uint8Array | undefined {
  if (!path) return undefined;
  const roi = readNpyArray(path);
  if (roi.data.length !== frames) {
    throw new StemflowError('SHAPE_MISMATCH', `the ROI ${path} has ${roi.data.length} entries (shape ${roi.shape.join('×')}) but the scan has ${frames} positions`);
  }
  return Uint8Array.from(roi.data, (v) => (v ? 1 : 0));
}

function cliVersion(): string {
  return (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
}

export async function run(args: ParsedArgs): Promise<void> {
  const [analysisId, path] = args.positionals;
  if (!analysisId) throw new StemflowError('PARAMS_INVALID', 'give an analysis id: stemflow run <analysis-id> <path> (see "stemflow plugins")');
  const home = stemflowHome(args);
  const entry = PluginCatalog.discover({ start: __dirname, home, policy: homePluginPolicy(home, args.lists['allow-plugin']) }).get(analysisId);
  const descriptor = describeDataSet(datasetRequest(path, args));
  openDataSet(descriptor).close(); // size check before any work starts
  const frames = product(descriptor.navShape);
  const info = { navShape: descriptor.navShape, sigShape: descriptor.sigShape, dtype: descriptor.dtype, frames };
  const params = resolveParams(entry.plugin, readParams(stringOption(args, 'params')), info);
  const roi = readRoi(stringOption(args, 'roi'), frames);
  const { corrections, source, summary } = resolveCorrections(descriptor, {
    files: { dark: stringOption(args, 'dark'), gain: stringOption(args, 'gain'), excluded: stringOption(args, 'excluded') },
    useDataset: args.options['no-corrections'] !== true,
  });
  if (corrections && !args.options.json) process.stderr.write(`corrections (${source === 'files' ? 'given' : 'from the data set; --no-corrections to skip'}): ${JSON.stringify(summary)}\n`);
  const executor = createExecutor(stringOption(args, 'executor') ?? 'threads', { redis: stringOption(args, 'redis'), prefix: stringOption(args, 'prefix') });
  const bar = new ProgressBar(analysisId);
  const frameBytes = product(descriptor.sigShape) * bytesPerElement(descriptor.dtype);
  try {
    const outcome = await runJob({ plugin: entry.ref, params, dataset: descriptor, roi, ...(corrections ? { corrections } : {}) }, executor, {
      onFrames: (p) => bar.update(p.framesDone, p.framesTotal, frameBytes),
    });
    bar.finish();
    const outDir = resolve(stringOption(args, 'out') ?? 'results');
    if (!existsSync(outDir)) mkdirSync(outDir, { recursive: true });
    const written: Record<string, { file: string; shape: number[]; dtype: string }> = {};
    for (const [name, array] of Object.entries(outcome.results)) {
      const file = join(outDir, `${name}.npy`);
      writeFileSync(file, encodeNpy(array));
      written[name] = { file, shape: array.shape, dtype: dtypeOf(array.data) };
    }
    const provenance = buildProvenance({
      analysis: analysisId,
      params,
      dataset: descriptor,
      stemflowVersion: cliVersion(),
      pluginPackage: entry.pkg.packageName,
      pluginVersion: entry.pkg.version,
      ...(roi ? { roi } : {}),
    });
    const record = corrections ? { ...provenance, corrections: { source, ...summary } } : provenance;
    writeFileSync(join(outDir, 'provenance.json'), `${JSON.stringify(record, null, 2)}\n`);
    if (args.options.json) {
      process.stdout.write(`${JSON.stringify({ results: written, seconds: outcome.seconds, bytesRead: outcome.bytesRead })}\n`);
    } else {
      const rate = outcome.bytesRead / outcome.seconds / 1e9;
      process.stderr.write(`${analysisId}: ${outcome.framesTotal} frames in ${outcome.seconds.toFixed(2)} s (${rate.toFixed(2)} GB/s)\n`);
      for (const [name, r] of Object.entries(written)) process.stdout.write(`${r.file}  ${r.shape.join('×')} ${r.dtype}  (${name})\n`);
    }
  } finally {
    await executor.close();
  }
}
