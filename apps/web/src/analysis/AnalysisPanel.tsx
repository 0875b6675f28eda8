import { useState } from 'react';
import { api } from '../api/client';
import { ApiError, errorMessage } from '../api/http';
import type { FieldProblem } from '../api/problem';
import { ErrorMessage } from '../ui/ErrorMessage';
import { Panel } from '../ui/Panel';
import { AnalysisForm } from './AnalysisForm';
import { PluginSelect } from './PluginSelect';
import { stableStringify } from './stable-json';
import type { AnalysisParams, FormData } from './use-analysis-params';

interface AnalysisPanelProps {
  datasetId: string | null;
  analysis: AnalysisParams;
  onJobStarted: (jobId: string, analysisId: string) => void;
}

interface Rejection {
  /** The parameters the host refused, so the errors disappear once they change. */
  params: string;
  errors: FieldProblem[];
}

/** Choose an analysis, fill in its parameters, start a job. */
export function AnalysisPanel({ datasetId, analysis, onJobStarted }: AnalysisPanelProps) {
  const { plugins, plugin, schema, formData, setFormData, selectPlugin, error, loading } = analysis;
  const [rejection, setRejection] = useState<Rejection | null>(null);
  const [runError, setRunError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  if (!datasetId) {
    return (
      <Panel title="Analysis" className="analysis-panel">
        <p className="muted">Open a data set to choose an analysis.</p>
      </Panel>
    );
  }

  const serverErrors = rejection && plugin && rejection.params === stableStringify([plugin.id, formData]) ? rejection.errors : [];

  const run = async (params: FormData) => {
    if (!plugin) return;
    setRunError(null);
    setRejection(null);
    setSubmitting(true);
    try {
      const { id } = await api.startJob(datasetId, plugin.id, params);
      onJobStarted(id, plugin.id);
    } catch (e) {
      const errors = e instanceof ApiError && e.status === 400 ? e.problem?.errors : undefined;
      if (errors && errors.length > 0) setRejection({ params: stableStringify([plugin.id, params]), errors });
      else setRunError(errorMessage(e));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Panel title="Analysis" className="analysis-panel">
      <ErrorMessage message={error} />
      {loading && plugins.length === 0 && <p className="muted">Loading analyses…</p>}
      {plugins.length > 0 && (
        <PluginSelect
          plugins={plugins}
          value={plugin?.id}
          onChange={(id) => {
            setRejection(null);
            setRunError(null);
            selectPlugin(id);
          }}
        />
      )}
      {plugin && <p className="plugin-description">{plugin.description}</p>}
      {plugin?.defaultsError && (
        <p className="plugin-defaults-error" role="alert">
          This analysis could not propose parameters for this data set ({plugin.defaultsError}); the form shows its general defaults.
        </p>
      )}
      {plugin && schema && (
        <AnalysisForm
          key={`${datasetId}:${plugin.id}`}
          schema={schema}
          formData={formData}
          onChange={setFormData}
          onSubmit={(params) => void run(params)}
          serverErrors={serverErrors}
          submitting={submitting}
        />
      )}
      <ErrorMessage message={runError} testId="run-error" />
    </Panel>
  );
}
