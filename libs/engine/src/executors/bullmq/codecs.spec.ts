import { compressSync } from 'lz4-napi';
import { decodeInbox, encodeInbox } from './inbox-codec';
import { StemflowError, type PartitionResult } from '@stemflow/plugin-sdk';
import { decodeResult, encodeResult, ResultArrays } from './result-codec';
import { decodeSpec, encodeSpec } from './spec-codec';

function sample(n: number, fill: (i: number) => number, noiseBytes = 0): PartitionResult {
  return {
    partition: { index: 3, start: 10, end: 10 + n },
    navIndices: Int32Array.from({ length: n }, (_, i) => 10 + i),
    buffers: {
      perFrame: Float64Array.from({ length: n }, (_, i) => fill(i) + 0.5),
      total: Float32Array.from({ length: 7 }, (_, i) => -i / 3),
      counts: Uint16Array.from({ length: 5 }, (_, i) => i * 1000),
      noise: Uint8Array.from({ length: noiseBytes }, () => Math.floor(Math.random() * 256)),
    },
  };
}

describe('partition result codec', () => {
  it.each([
    ['compressible (stored lz4)', 4000, () => 1, 0, 1],
    ['random (stored raw)', 5, () => Math.random() * 1e9, 50_000, 0],
  ])('round-trips a %s result exactly', (_what, n, fill, noise, flag) => {
    const result = sample(n, fill, noise);
    const blob = encodeResult(result);
    expect(blob.readUInt32LE(4)).toBe(flag);
    if (flag) expect(blob.length).toBeLessThan((result.navIndices.byteLength + result.buffers.perFrame!.byteLength) / 2);
    const back = decodeResult(blob);
    expect(back.partition).toEqual(result.partition);
    expect(back.navIndices).toEqual(result.navIndices);
    for (const name of Object.keys(result.buffers)) {
      expect(back.buffers[name]!.constructor).toBe(result.buffers[name]!.constructor);
      expect(Array.from(back.buffers[name]!)).toEqual(Array.from(result.buffers[name]!));
    }
  });

  it('stores float64 sums of counts in half the bytes plain lz4 needs (the byte shuffle)', () => {
    // A smooth diffraction pattern summed over 2048 frames, with counting noise.
    const sum = Float64Array.from({ length: 65536 }, (_, i) => Math.round(2048 * (100 + 50 * Math.cos(i / 700)) + (Math.random() - 0.5) * 900));
    const result: PartitionResult = { partition: { index: 0, start: 0, end: 2048 }, navIndices: Int32Array.from({ length: 2048 }, (_, i) => i), buffers: { sum } };
    const blob = encodeResult(result);
    const plainLz4 = compressSync(Buffer.from(sum.buffer)).length;
    expect(blob.length).toBeLessThan(plainLz4 * 0.6);
    expect(Array.from(decodeResult(blob).buffers.sum!)).toEqual(Array.from(sum));
  });

  it('decodes into reused arrays with a ResultArrays pool, each result exact while it is handled', () => {
    const pool = new ResultArrays();
    const first = decodeResult(encodeResult(sample(300, (i) => i)), pool.take);
    const firstValues = Array.from(first.buffers.perFrame!);
    const second = decodeResult(encodeResult(sample(300, (i) => 2 * i)), pool.take);
    expect(second.buffers.perFrame).toBe(first.buffers.perFrame);
    expect(firstValues).toEqual(Array.from({ length: 300 }, (_, i) => i + 0.5));
    expect(Array.from(second.buffers.perFrame!)).toEqual(Array.from({ length: 300 }, (_, i) => 2 * i + 0.5));
    const other = decodeResult(encodeResult(sample(301, (i) => i)), pool.take);
    expect(other.buffers.perFrame).not.toBe(first.buffers.perFrame); // another length, another array
  });

  it('names a version mismatch instead of calling the result damaged', () => {
    const blob = encodeResult(sample(10, (i) => i));
    blob.write('SFR1', 0, 'latin1');
    expect(() => decodeResult(blob)).toThrow(/older Stemflow version.*same Stemflow version on the host and every worker/);
  });

  it('refuses a truncated or altered blob', () => {
    const blob = encodeResult(sample(200, (i) => i));
    expect(() => decodeResult(blob.subarray(0, blob.length - 1))).toThrow(/damaged.*bytes stored/);
    const altered = Buffer.from(blob);
    altered[altered.length - 3] ^= 0xff;
    expect(() => decodeResult(altered)).toThrow(StemflowError);
    expect(() => decodeResult(Buffer.from('not a result at all'))).toThrow(/bad header/);
  });
});

describe('job spec codec', () => {
  it('carries typed arrays as base64 and drops plugin instances', () => {
    const roi = Uint8Array.from([1, 0, 1, 1]);
    const dark = new Float32Array(new SharedArrayBuffer(12));
    dark.set([1.5, -2, 3]);
    const text = encodeSpec({
      plugin: { id: 'p', module: '/x', instance: {} as never },
      params: { a: [1, 2] },
      dataset: { path: '/d', format: 'npy', navShape: [2, 2], sigShape: [1, 3], dtype: 'uint16', byteOrder: 'little', offset: 0 },
      roi,
      corrections: { dark },
    });
    expect(text).not.toContain('instance');
    expect(text).not.toContain('[1,0,1,1]');
    const back = decodeSpec(text);
    expect(back.roi).toEqual(roi);
    expect(back.corrections!.dark).toBeInstanceOf(Float32Array);
    expect(Array.from(back.corrections!.dark!)).toEqual([1.5, -2, 3]);
    expect(back.params).toEqual({ a: [1, 2] });
  });

  it('refuses a plugin that has no module path', () => {
    expect(() => encodeSpec({ plugin: { id: 'p', instance: {} as never }, params: {}, dataset: {} as never })).toThrow(/no module path/);
  });
});

describe('inbox entries', () => {
  it('carry a message and a binary body through unchanged', () => {
    const body = Buffer.from([0, 1, 2, 255, 254]);
    const { message, body: back } = decodeInbox(encodeInbox({ type: 'result', runId: 'r1', index: 3, workerId: 'w', frames: 9 }, body));
    expect(message).toEqual({ type: 'result', runId: 'r1', index: 3, workerId: 'w', frames: 9 });
    expect(Buffer.compare(back, body)).toBe(0);
    expect(decodeInbox(encodeInbox({ type: 'frames', runId: 'r1', index: 0, frames: 7 })).body.length).toBe(0);
  });

  it('refuse a truncated or foreign entry with a message', () => {
    const entry = encodeInbox({ type: 'frames', runId: 'r1', index: 0, frames: 7 });
    expect(() => decodeInbox(entry.subarray(0, entry.length - 3))).toThrow(/damaged message in the host's Redis inbox/);
    expect(() => decodeInbox(Buffer.from('{"type":"frames"}'))).toThrow(/damaged message/);
  });
});
