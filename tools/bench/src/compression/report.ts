/** The compression survey's result: plain JSON, so it can be saved and compared later. */

/** What the numbers were measured on. */
export interface CompressionMachine {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  node: string;
  platform: string;
  /** `os.loadavg()` (1, 5, 15 min) when the survey started and ended: other work on the machine. */
  loadAverageStart: number[];
  loadAverageEnd: number[];
}

/** One codec as configured for the survey. */
export interface CompressionCodecInfo {
  id: string;
  /** Library and version, e.g. `lz4-napi 2.10.0`. */
  library: string;
  description: string;
  /** Whether the compressed output lands in a buffer reused across calls. */
  pooledCompress: boolean;
  /** Whether the decompressed output lands in a buffer reused across calls. */
  pooledDecompress: boolean;
}

/** One data sample: a block of frames or a result-like array. */
export interface CompressionSampleInfo {
  id: string;
  /** `real`: frames read from a file with the engine's reader; `synthetic`: generated. */
  origin: 'real' | 'synthetic';
  description: string;
  dtype: string;
  /** Shape of the block, e.g. `[frames, rows, cols]`. */
  shape: number[];
  bytes: number;
  /** The file, relative to the data folder, for real samples. */
  path?: string;
}

/** One (sample, codec) measurement. GB/s count uncompressed bytes, 1 GB = 1e9 bytes. */
export interface CompressionRow {
  sample: string;
  codec: string;
  bytes: number;
  compressedBytes: number;
  /** `bytes / compressedBytes`. */
  ratio: number;
  compressGBps: number;
  decompressGBps: number;
  /** The decompressed bytes equalled the input, byte for byte. */
  exact: boolean;
  /** Calls timed (after one warm-up call) for each direction. */
  compressCalls: number;
  decompressCalls: number;
}

/** Something the survey could not measure, and why. */
export interface CompressionSkip {
  /** A sample id, a codec id, or both as `sample/codec`. */
  what: string;
  reason: string;
}

export interface CompressionReport {
  kind: 'stemflow-compression-survey';
  version: 1;
  createdAt: string;
  machine: CompressionMachine;
  /** Library name → version, e.g. `{ "lz4-napi": "2.10.0", "numcodecs": "0.3.2" }`. */
  versions: Record<string, string>;
  settings: {
    /** Minimum timed seconds per measurement and direction. */
    seconds: number;
    /** Each measurement is split into this many rounds; the median round is reported. */
    rounds: number;
    dataDir?: string;
  };
  codecs: CompressionCodecInfo[];
  samples: CompressionSampleInfo[];
  rows: CompressionRow[];
  skipped: CompressionSkip[];
}
