import { useCallback, useEffect, useMemo, useState } from 'react';
import { api } from '../api/client';
import { errorMessage } from '../api/http';
import type { JsonSchema, PluginInfo } from '../api/types';
import { normalizeSchema } from './normalize-schema';
import { applyPatch, type FieldPatch } from '../mask-editor/field-patch';
import type { MaskOverlay } from '../mask-editor/mask-overlay';
import { centreSetter, overlayShapes } from './overlay';

export type FormData = Record<string, unknown>;

interface Selection {
  pluginId: string | null;
  formData: FormData;
}

const defaultsOf = (plugin: PluginInfo | undefined): FormData => structuredClone(plugin?.defaults ?? {});

/**
 * The analyses available for a data set, the chosen one, and its parameters (initialised
 * from the plugin's data-set-aware defaults and reset when the data set or analysis changes).
 */
export function useAnalysisParams(datasetId: string | null) {
  const [plugins, setPlugins] = useState<PluginInfo[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [selection, setSelection] = useState<Selection>({ pluginId: null, formData: {} });

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
        setSelection(({ pluginId }) => {
          const chosen = list.find((p) => p.id === pluginId) ?? list[0];
          return { pluginId: chosen?.id ?? null, formData: defaultsOf(chosen) };
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

  const { pluginId, formData } = selection;
  const plugin = plugins.find((p) => p.id === pluginId);
  const schema = useMemo<JsonSchema | null>(() => (plugin ? normalizeSchema(plugin.paramsSchema) : null), [plugin]);

  const selectPlugin = useCallback(
    (id: string) => setSelection({ pluginId: id, formData: defaultsOf(plugins.find((p) => p.id === id)) }),
    [plugins],
  );
  const setFormData = useCallback((data: FormData) => setSelection((s) => ({ ...s, formData: data })), []);

  // Edits made on the frame go into the same form data the form shows: the two stay in sync.
  const edit = useCallback((patch: FieldPatch) => setSelection((s) => ({ ...s, formData: applyPatch(s.formData, patch) })), []);
  const overlay = useMemo<MaskOverlay | null>(() => {
    const shapes = schema ? overlayShapes(schema, formData) : [];
    return shapes.length > 0 ? { shapes, edit } : null;
  }, [schema, formData, edit]);
  const setCentre = useMemo(() => {
    const toCentre = schema ? centreSetter(schema) : null;
    return toCentre ? (x: number, y: number) => setSelection((s) => ({ ...s, formData: { ...s.formData, ...toCentre(x, y) } })) : undefined;
  }, [schema]);

  return { plugins, error, loading, plugin, schema, formData, setFormData, selectPlugin, overlay, setCentre };
}

export type AnalysisParams = ReturnType<typeof useAnalysisParams>;
