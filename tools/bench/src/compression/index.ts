/** The compression survey: lz4, zstd and blosc-style shuffle+codec on real and synthetic data. */
export { compressionSurvey, type CompressionSurveyOptions } from './survey';
export { formatCompressionTable } from './format-table';
export type { CompressionCodecInfo, CompressionMachine, CompressionReport, CompressionRow, CompressionSampleInfo, CompressionSkip } from './report';
