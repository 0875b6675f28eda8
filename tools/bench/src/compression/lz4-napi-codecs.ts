import { compressFrameSync, compressSync, decompressFrameSync, uncompressSync } from 'lz4-napi';
import { byteShuffle, byteUnshuffle } from './byte-shuffle';
import { ScratchBuffer, type SurveyCodec } from './codec';
import { asBuffer } from './memcpy-codecs';

// lz4-napi has no output-buffer parameter: every call returns a new Buffer (counted as not pooled).
const ALLOCATES = { pooledCompress: false, pooledDecompress: false } as const;

/** lz4 block format (size-prefixed), native Rust lz4_flex through N-API. */
export function lz4BlockCodec(version: string): SurveyCodec {
  return {
    id: 'lz4',
    library: `lz4-napi ${version}`,
    description: 'lz4 block (compressSync / uncompressSync)',
    ...ALLOCATES,
    compress: (input) => compressSync(asBuffer(input)),
    decompress: (compressed) => uncompressSync(compressed),
  };
}

/** lz4 frame format (the `.lz4` file format: header, blocks, optional checksums). */
export function lz4FrameCodec(version: string): SurveyCodec {
  return {
    id: 'lz4-frame',
    library: `lz4-napi ${version}`,
    description: 'lz4 frame (compressFrameSync / decompressFrameSync)',
    ...ALLOCATES,
    compress: (input) => compressFrameSync(asBuffer(input)),
    decompress: (compressed) => decompressFrameSync(asBuffer(compressed)),
  };
}

/**
 * Blosc's idea without blosc: a JS byte shuffle by element width into a reused buffer, then
 * lz4 block; decoding unshuffles into the caller's buffer. The lz4 step still allocates.
 */
export function shuffleLz4Codec(version: string): SurveyCodec {
  const shuffled = new ScratchBuffer();
  return {
    id: 'shuffle+lz4',
    library: `lz4-napi ${version} + JS shuffle`,
    description: 'JS byte shuffle (pooled), then lz4 block',
    pooledCompress: false,
    pooledDecompress: false,
    compress(input, itemSize) {
      const planes = shuffled.take(input.length);
      byteShuffle(input, itemSize, planes);
      return compressSync(asBuffer(planes));
    },
    decompress(compressed, out, itemSize) {
      byteUnshuffle(uncompressSync(compressed), itemSize, out);
      return out;
    },
  };
}
