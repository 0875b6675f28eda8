import { useMemo } from 'react';
import { finiteRange, type Range } from './colormap';
import type { ResultEntry } from './result-entries';
import { componentOf } from './result-image';

export function componentsOf(entry: ResultEntry | undefined): number {
  if (!entry || entry.layout.kind === 'scalar') return 1;
  return entry.layout.components;
}

/** The values of the chosen component of a result and their finite range. */
export function useResultValues(entry: ResultEntry | undefined, component: number): { values: Float32Array | null; range: Range | null } {
  const data = entry?.data ?? null;
  const components = componentsOf(entry);
  return useMemo(() => {
    if (!data) return { values: null, range: null };
    const values = componentOf(data, components, component);
    return { values, range: finiteRange(values) };
  }, [data, components, component]);
}
