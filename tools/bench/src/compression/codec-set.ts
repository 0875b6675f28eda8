import type { SurveyCodec } from './codec';
import { lz4BlockCodec, lz4FrameCodec, shuffleLz4Codec } from './lz4-napi-codecs';
import { freshCopyCodec, memcpyCodec } from './memcpy-codecs';
import { loadNumcodecs, numcodecsCodecs, type NumcodecsModules } from './numcodecs-codecs';
import { packageVersion } from './package-version';
import type { CompressionSkip } from './report';

export interface CodecSet {
  codecs: SurveyCodec[];
  versions: Record<string, string>;
  skipped: CompressionSkip[];
}

/**
 * Every codec of the survey: the two copy baselines, lz4-napi (block, frame, shuffle+block), and
 * numcodecs' WASM lz4, zstd and blosc. If numcodecs cannot load, its codecs are reported as
 * skipped and the rest still run. `numcodecs` replaces the dynamic import (tests use this).
 */
export async function surveyCodecs(numcodecs?: () => Promise<NumcodecsModules>): Promise<CodecSet> {
  const versions: Record<string, string> = { 'lz4-napi': packageVersion('lz4-napi'), numcodecs: packageVersion('numcodecs') };
  const lz4 = versions['lz4-napi']!;
  const codecs: SurveyCodec[] = [memcpyCodec(), freshCopyCodec(), lz4BlockCodec(lz4), lz4FrameCodec(lz4), shuffleLz4Codec(lz4)];
  const skipped: CompressionSkip[] = [];
  try {
    codecs.push(...numcodecsCodecs(await (numcodecs ?? loadNumcodecs)(), versions['numcodecs']!));
  } catch (error) {
    skipped.push({ what: 'numcodecs', reason: `could not load numcodecs: ${error instanceof Error ? error.message : String(error)}` });
  }
  return { codecs, versions, skipped };
}
