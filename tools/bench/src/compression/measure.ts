import type { SurveyCodec } from './codec';
import type { CompressionRow } from './report';
import type { Sample } from './sample';

/** How long to time each direction of one measurement. */
export interface MeasureSettings {
  /** Minimum timed seconds per direction (after one warm-up call). */
  seconds: number;
  /** The timed span is split into this many rounds; the median round's speed is reported. */
  rounds: number;
}

type Call = () => Uint8Array | Promise<Uint8Array>;

/**
 * Measure one codec on one sample: a warm-up round trip (which also checks exactness and sizes
 * the codec's pooled buffers), then each direction timed for at least `seconds`. Both speeds
 * count uncompressed bytes. The decompress target is allocated and touched once, here.
 */
export async function measureCodec(sample: Sample, codec: SurveyCodec, settings: MeasureSettings): Promise<CompressionRow> {
  const input = sample.data;
  const out = new Uint8Array(input.length);
  out.fill(1);
  // Keep a private copy of the compressed bytes: a pooled codec overwrites its output next call.
  const compressed = (await codec.compress(input, sample.itemSize)).slice();
  const decoded = await codec.decompress(compressed, out, sample.itemSize);
  const exact = sameBytes(decoded, input);

  const compressing = await timeCalls(() => codec.compress(input, sample.itemSize), settings);
  const decompressing = await timeCalls(() => codec.decompress(compressed, out, sample.itemSize), settings);
  const gbps = (calls: number, seconds: number) => (seconds > 0 ? (input.length * calls) / seconds / 1e9 : 0);
  return {
    sample: sample.id,
    codec: codec.id,
    bytes: input.length,
    compressedBytes: compressed.length,
    ratio: compressed.length > 0 ? input.length / compressed.length : 0,
    compressGBps: gbps(compressing.calls, compressing.seconds),
    decompressGBps: gbps(decompressing.calls, decompressing.seconds),
    exact,
    compressCalls: compressing.total,
    decompressCalls: decompressing.total,
  };
}

/**
 * Call `call` in `rounds` rounds of at least `seconds / rounds` each; return the median round
 * (the machine is shared, so one slow round says more about the neighbours than the codec).
 */
async function timeCalls(call: Call, { seconds, rounds }: MeasureSettings): Promise<{ calls: number; seconds: number; total: number }> {
  const perRound = seconds / rounds;
  const results: { calls: number; seconds: number }[] = [];
  let total = 0;
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    let calls = 0;
    let elapsed = 0;
    do {
      const result = call();
      if (isThenable(result)) await result; // sync codecs stay free of microtask overhead
      calls++;
      elapsed = Number(process.hrtime.bigint() - start) / 1e9;
    } while (elapsed < perRound);
    results.push({ calls, seconds: elapsed });
    total += calls;
  }
  results.sort((a, b) => a.calls / a.seconds - b.calls / b.seconds);
  const median = results[Math.floor(results.length / 2)]!;
  return { ...median, total };
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | undefined)?.then === 'function';
}

/** Byte equality (lengths included). */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(viewOf(a), viewOf(b)) === 0;
}

function viewOf(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
