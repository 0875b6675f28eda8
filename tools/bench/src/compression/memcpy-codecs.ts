import { ScratchBuffer, type SurveyCodec } from './codec';

/** The ceiling: `Buffer.copy` into a reused buffer, both ways. Ratio 1. */
export function memcpyCodec(): SurveyCodec {
  const scratch = new ScratchBuffer();
  return {
    id: 'memcpy',
    library: `node ${process.version}`,
    description: 'Buffer.copy into a reused buffer (the ceiling)',
    pooledCompress: true,
    pooledDecompress: true,
    compress(input) {
      const out = scratch.take(input.length);
      asBuffer(input).copy(out);
      return out;
    },
    decompress(compressed, out) {
      asBuffer(compressed).copy(out);
      return out;
    },
  };
}

/** What one allocation per call costs: a copy into a new Uint8Array every time, both ways. */
export function freshCopyCodec(): SurveyCodec {
  const fresh = (bytes: Uint8Array): Uint8Array => {
    const out = new Uint8Array(bytes.length);
    out.set(bytes);
    return out;
  };
  return {
    id: 'copy-fresh',
    library: `node ${process.version}`,
    description: 'copy into a new Uint8Array per call (the cost of allocating)',
    pooledCompress: false,
    pooledDecompress: false,
    compress: fresh,
    decompress: fresh,
  };
}

/** A Buffer view (no copy) of any byte array, for Buffer-only APIs. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
