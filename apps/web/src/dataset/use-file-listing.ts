import { useEffect, useState } from 'react';
import { api } from '../api/client';
import { errorMessage } from '../api/http';
import type { FileListing } from '../api/types';

/**
 * GET /api/files for a directory (null: the data roots). When `fallbackToRoots` is set and
 * the directory cannot be listed, the roots are shown instead.
 */
export function useFileListing(dir: string | null, fallbackToRoots: boolean) {
  const [listing, setListing] = useState<FileListing | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    const abort = new AbortController();
    setLoading(true);
    setError(null);
    api
      .files(dir, abort.signal)
      .catch((e: unknown) => {
        if (dir !== null && fallbackToRoots && !abort.signal.aborted) return api.files(null, abort.signal);
        throw e;
      })
      .then(setListing)
      .catch((e: unknown) => {
        if (!abort.signal.aborted) setError(errorMessage(e));
      })
      .finally(() => {
        if (!abort.signal.aborted) setLoading(false);
      });
    return () => abort.abort();
  }, [dir, fallbackToRoots]);

  return { listing, error, loading };
}
