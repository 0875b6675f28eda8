import { useEffect, useState } from 'react';
import { api } from '../api/client';
import { errorMessage } from '../api/http';
import type { Config } from '../api/types';

/** GET /api/config once. */
export function useConfig() {
  const [config, setConfig] = useState<Config | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const abort = new AbortController();
    api.config(abort.signal).then(setConfig, (e: unknown) => {
      if (!abort.signal.aborted) setError(errorMessage(e));
    });
    return () => abort.abort();
  }, []);
  return { config, error };
}
