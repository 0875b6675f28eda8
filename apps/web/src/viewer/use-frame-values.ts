import { useEffect, useState } from 'react';
import { errorMessage, requestBinary } from '../api/http';
import { parseNpy } from '../results/npy';

export interface FrameValues {
  /** The frame shown: the last one loaded (kept while the next loads, so nothing flickers). */
  values: Float32Array | null;
  loadedIndex: number | null;
  loading: boolean;
  error: string | null;
}

/** The raw values of one diffraction frame, from the host's `frames/<index>.npy`. */
export function useFrameValues(datasetId: string, index: number): FrameValues {
  const [state, setState] = useState<{ key: string; values: Float32Array | null; index: number | null; error: string | null }>({ key: '', values: null, index: null, error: null });
  const key = `${datasetId}/${index}`;
  useEffect(() => {
    const abort = new AbortController();
    requestBinary(`datasets/${encodeURIComponent(datasetId)}/frames/${index}.npy`, abort.signal).then(
      (buffer) => setState({ key, values: parseNpy(buffer).data, index, error: null }),
      (error: unknown) => {
        if (!abort.signal.aborted) setState((old) => ({ ...old, key, error: errorMessage(error) }));
      },
    );
    return () => abort.abort();
  }, [datasetId, index, key]);
  return { values: state.values, loadedIndex: state.index, loading: state.key !== key, error: state.key === key ? state.error : null };
}
