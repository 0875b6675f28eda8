import type { SurveyCodec } from './codec';

/** The part of a numcodecs codec the survey uses. */
export interface NumcodecsCodec {
  encode(data: Uint8Array): Uint8Array | Promise<Uint8Array>;
  decode(data: Uint8Array): Uint8Array | Promise<Uint8Array>;
}

interface CodecClass {
  fromConfig(config: Record<string, unknown>): NumcodecsCodec;
}

/** The numcodecs classes the survey uses (each entry point is an ES module). */
export interface NumcodecsModules {
  Blosc: CodecClass;
  Zstd: CodecClass;
  LZ4: CodecClass;
}

/**
 * Load numcodecs' WASM codecs. The package is ESM-only; tsc keeps `import()` as a real dynamic
 * import in this CommonJS package (module node20), so this works under plain Node. Jest's
 * sandbox cannot run it (no --experimental-vm-modules): tests load the modules another way.
 */
export async function loadNumcodecs(): Promise<NumcodecsModules> {
  const [blosc, zstd, lz4] = await Promise.all([import('numcodecs/blosc'), import('numcodecs/zstd'), import('numcodecs/lz4')]);
  return { Blosc: blosc.default as unknown as CodecClass, Zstd: zstd.default as unknown as CodecClass, LZ4: lz4.default as unknown as CodecClass };
}

/** Blosc's shuffle modes (numcodecs' numbering). */
const SHUFFLE = 1;
const BITSHUFFLE = 2;

/**
 * numcodecs' codecs as survey codecs. Neither direction can reuse memory: the embind glue copies
 * the input into the WASM heap byte by byte and copies the result into a new Uint8Array
 * (`decode(data, out)` only adds one more copy into `out`, so it is not used).
 * numcodecs' Blosc fixes the shuffle's element width at 4 bytes, whatever the data's dtype.
 */
export function numcodecsCodecs(modules: NumcodecsModules, version: string): SurveyCodec[] {
  const library = `numcodecs ${version} (WASM)`;
  const wrap = (id: string, description: string, codec: NumcodecsCodec): SurveyCodec => ({
    id,
    library,
    description,
    pooledCompress: false,
    pooledDecompress: false,
    // A view made here passes embind's `instanceof Uint8Array` even if the bytes came from
    // another realm (a Buffer, or a Jest sandbox).
    compress: (input) => codec.encode(localView(input)),
    decompress: (compressed) => codec.decode(localView(compressed)),
  });
  const blosc = (cname: string, shuffle: number, clevel = 5) => modules.Blosc.fromConfig({ id: 'blosc', clevel, cname, shuffle, blocksize: 0 });
  return [
    wrap('wasm-lz4', 'lz4 block (same algorithm as lz4-napi, through WASM)', modules.LZ4.fromConfig({ id: 'lz4', acceleration: 1 })),
    wrap('zstd-1', 'zstd level 1', modules.Zstd.fromConfig({ id: 'zstd', level: 1 })),
    wrap('zstd-3', 'zstd level 3 (zstd\'s default)', modules.Zstd.fromConfig({ id: 'zstd', level: 3 })),
    wrap('blosc-lz4-shuffle', 'blosc clevel 5, byte shuffle, lz4', blosc('lz4', SHUFFLE)),
    wrap('blosc-lz4-bitshuffle', 'blosc clevel 5, bit shuffle, lz4', blosc('lz4', BITSHUFFLE)),
    wrap('blosc-blosclz-shuffle', 'blosc clevel 5, byte shuffle, blosclz', blosc('blosclz', SHUFFLE)),
    // Blosc turns its clevel into a zstd level (higher than itself): 1 keeps zstd fast.
    wrap('blosc-zstd-bitshuffle', 'blosc clevel 1, bit shuffle, zstd', blosc('zstd', BITSHUFFLE, 1)),
  ];
}

function localView(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
