import { statSync } from 'node:fs';
import type { DatasetDescriptor } from '../formats/descriptor';

/** Where results came from, written beside them as `provenance.json`. */
export interface Provenance {
  analysis: string;
  params: unknown;
  pluginPackage?: string;
  pluginVersion?: string;
  stemflowVersion: string;
  createdAt: string;
  /** Enough to tell whether the input is still the same file, and to open it the same way. */
  dataset: {
    path: string;
    size?: number;
    mtime?: string;
    format: string;
    navShape: number[];
    sigShape: number[];
    dtype: string;
    syncOffset?: number;
    readerParams?: Record<string, unknown>;
    metadata?: DatasetDescriptor['metadata'];
  };
  roi?: { selected: number; of: number };
}

export function buildProvenance(input: {
  analysis: string;
  params: unknown;
  dataset: DatasetDescriptor;
  stemflowVersion: string;
  pluginPackage?: string;
  pluginVersion?: string;
  roi?: Uint8Array;
}): Provenance {
  const d = input.dataset;
  let size: number | undefined;
  let mtime: string | undefined;
  try {
    const stat = statSync(d.path);
    size = stat.size;
    mtime = stat.mtime.toISOString();
  } catch {
    // The file may be gone by the time results are written; provenance still records its path.
  }
  return {
    analysis: input.analysis,
    params: input.params,
    ...(input.pluginPackage ? { pluginPackage: input.pluginPackage } : {}),
    ...(input.pluginVersion ? { pluginVersion: input.pluginVersion } : {}),
    stemflowVersion: input.stemflowVersion,
    createdAt: new Date().toISOString(),
    dataset: {
      path: d.path,
      ...(size !== undefined ? { size } : {}),
      ...(mtime ? { mtime } : {}),
      format: d.format,
      navShape: d.navShape,
      sigShape: d.sigShape,
      dtype: d.dtype,
      ...(d.syncOffset ? { syncOffset: d.syncOffset } : {}),
      ...(d.params ? { readerParams: d.params } : {}),
      ...(d.metadata ? { metadata: d.metadata } : {}),
    },
    ...(input.roi ? { roi: { selected: input.roi.reduce((n, v) => n + (v ? 1 : 0), 0), of: input.roi.length } } : {}),
  };
}
