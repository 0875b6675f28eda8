import { sharedDataDir } from '@stemflow/plugin-sdk/testing';
import type { SurveyCodec } from './codec';
import { surveyCodecs } from './codec-set';
import { roundedLoad, surveyMachine } from './machine';
import { measureCodec, type MeasureSettings } from './measure';
import { readRealSamples } from './real-samples';
import type { CompressionReport, CompressionRow, CompressionSkip } from './report';
import type { Sample } from './sample';
import { syntheticSamples } from './synthetic-samples';

export interface CompressionSurveyOptions {
  /** Folder of the shared real-data corpus; default: `$STEMFLOW_SHARED_DATA` or `../shared/data`. */
  dataDir?: string;
  /** Minimum timed seconds per measurement and direction (default 0.3). */
  seconds?: number;
  /** Called with one line per finished measurement (and per skipped item). */
  onProgress?: (line: string) => void;
}

const ROUNDS = 3;

/**
 * Measure ratio and GB/s both ways of every survey codec on real detector files and on
 * synthetic sparse/dense frames and float32 result-like arrays. Pooled output buffers are used
 * wherever a codec's API allows (see each codec's `pooled*` flags). Takes about
 * (samples × codecs × 2 × seconds) plus the slow codecs' minimum of one call per round.
 */
export async function compressionSurvey(options: CompressionSurveyOptions = {}): Promise<CompressionReport> {
  const seconds = options.seconds ?? 0.3;
  const onProgress = options.onProgress ?? (() => undefined);
  const machine = surveyMachine();
  const skipped: CompressionSkip[] = [];

  const dataDir = options.dataDir ?? findDataDir(skipped);
  const real = dataDir ? readRealSamples(dataDir) : { samples: [], skipped: [] };
  skipped.push(...real.skipped);
  const samples = [...real.samples, ...syntheticSamples()];
  const { codecs, versions, skipped: codecSkips } = await surveyCodecs();
  skipped.push(...codecSkips);
  for (const skip of skipped) onProgress(`skipped ${skip.what}: ${skip.reason}`);

  const rows = await measureAll(samples, codecs, { seconds, rounds: ROUNDS }, onProgress);
  return {
    kind: 'stemflow-compression-survey',
    version: 1,
    createdAt: new Date().toISOString(),
    machine: { ...machine, loadAverageEnd: roundedLoad() },
    versions,
    settings: { seconds, rounds: ROUNDS, ...(dataDir ? { dataDir } : {}) },
    codecs: codecs.map(({ id, library, description, pooledCompress, pooledDecompress }) => ({ id, library, description, pooledCompress, pooledDecompress })),
    samples: samples.map(({ data: _data, itemSize: _itemSize, ...info }) => info),
    rows,
    skipped,
  };
}

/** Every codec on every sample, in order; one progress line per row. */
export async function measureAll(samples: readonly Sample[], codecs: readonly SurveyCodec[], settings: MeasureSettings, onProgress: (line: string) => void = () => undefined): Promise<CompressionRow[]> {
  const rows: CompressionRow[] = [];
  for (const sample of samples) {
    for (const codec of codecs) {
      const row = await measureCodec(sample, codec, settings);
      rows.push(row);
      onProgress(`${sample.id} ${codec.id}: ratio ${row.ratio.toFixed(2)}, compress ${row.compressGBps.toFixed(2)} GB/s, decompress ${row.decompressGBps.toFixed(2)} GB/s${row.exact ? '' : ' (NOT EXACT)'}`);
    }
  }
  return rows;
}

function findDataDir(skipped: CompressionSkip[]): string | undefined {
  try {
    return sharedDataDir();
  } catch (error) {
    skipped.push({ what: 'real samples', reason: error instanceof Error ? error.message : String(error) });
    return undefined;
  }
}
