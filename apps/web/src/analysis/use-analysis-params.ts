import { useCallback, useEffect, useMemo, useState } from 'react';
import { api } from '../api/client';
import { errorMessage } from '../api/http';
import type { JsonSchema, PluginInfo } from '../api/types';
import { normalizeSchema } from './normalize-schema';
import { centreSetter, overlayOf } from './overlay';

export type FormData = Record<string, unknown>;

const defaultsOf = (plugin: PluginInfo | undefined): FormData => structuredClone(plugin?.defaults ?? {});

/**
 * The analyses available for a data set, the chosen one, and its parameters (initialised
 * from the plugin's data-set-aware defaults and reset when the data set or analysis changes).
 */
export function useAnalysisParams(datasetId: string | null) {
  const [plugins, setPlugins] = useState<PluginInfo[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [pluginId, setPluginId] = useState<string | null>(null);
  const [formData, setFormData] = useState<FormData>({});

  useEffect(() => {
    setPlugins([]);
    setError(null);
    if (!datasetId) return;
    const abort = new AbortController();
    setLoading(true);
    api
      .plugins(datasetId, abort.signal)
      .then((list) => {
        setPlugins(list);
        setPluginId((current) => {
          const chosen = list.find((p) => p.id === current) ?? list[0];
          setFormData(defaultsOf(chosen));
          return chosen?.id ?? null;
        });
      })
      .catch((e: unknown) => {
        if (!abort.signal.aborted) setError(errorMessage(e));
      })
      .finally(() => {
        if (!abort.signal.aborted) setLoading(false);
      });
    return () => abort.abort();
  }, [datasetId]);

  const plugin = plugins.find((p) => p.id === pluginId);
  const schema = useMemo<JsonSchema | null>(() => (plugin ? normalizeSchema(plugin.paramsSchema) : null), [plugin]);

  const selectPlugin = useCallback(
    (id: string) => {
      setPluginId(id);
      setFormData(defaultsOf(plugins.find((p) => p.id === id)));
    },
    [plugins],
  );

  const overlay = useMemo(() => (schema ? overlayOf(schema, formData) : null), [schema, formData]);
  const setCentre = useMemo(() => {
    const toCentre = schema ? centreSetter(schema) : null;
    return toCentre ? (x: number, y: number) => setFormData((data) => ({ ...data, ...toCentre(x, y) })) : undefined;
  }, [schema]);

  return { plugins, error, loading, plugin, schema, formData, setFormData, selectPlugin, overlay, setCentre };
}

export type AnalysisParams = ReturnType<typeof useAnalysisParams>;
