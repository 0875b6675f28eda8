/**
 * What Stemflow is measured against (issue #5): LiberTEM 0.16 on this machine kind, a 2 GiB
 * uint16 raw file (nav 128×128, sig 256×256) from the page cache, and Stemflow's targets.
 * Keyed by bench case id. The figures only mean something for that file shape.
 */
export const LIBERTEM_REFERENCE = {
  source: 'LiberTEM 0.16, 2 GiB uint16 raw (nav 128×128, sig 256×256) from the page cache, same machine kind',
  navShape: [128, 128],
  sigShape: [256, 256],
  dtype: 'uint16',
  cases: {
    sum: { libertemGbps: 5.4, targetGbps: 16 },
    'virtual-detector-disk': { libertemGbps: 5.2, targetGbps: 15 },
    'virtual-detector-16-masks': { libertemGbps: 2.9, targetGbps: 6 },
    'virtual-detector-16-masks-dense': { libertemGbps: 2.9, targetGbps: 6 },
    'center-of-mass': { libertemGbps: 4.5, targetGbps: 13 },
    'std-dev': { libertemGbps: 1.2, targetGbps: 3.5 },
  } as Record<string, { libertemGbps: number; targetGbps: number } | undefined>,
  /** Peak resident memory while processing the 2 GiB file (LiberTEM: not measured). */
  peakRssTargetMiB: 512,
} as const;
