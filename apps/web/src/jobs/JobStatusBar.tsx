import { useState } from 'react';
import { errorMessage } from '../api/http';
import { ErrorMessage } from '../ui/ErrorMessage';
import { ProgressBar } from '../ui/ProgressBar';
import { isTerminal, type JobState } from './job-state';

interface JobStatusBarProps {
  job: JobState;
  onCancel: () => Promise<void>;
}

/** Status word, progress and frame count of the watched job, and a way to stop it. */
export function JobStatusBar({ job, onCancel }: JobStatusBarProps) {
  const [cancelError, setCancelError] = useState<string | null>(null);
  const running = !isTerminal(job.status);
  const state = job.status === 'done' ? 'done' : running ? 'active' : job.status === 'cancelled' ? 'stopped' : 'failed';
  const frames = job.framesTotal ? `${(job.framesDone ?? 0).toLocaleString('en')} / ${job.framesTotal.toLocaleString('en')} frames` : null;

  const cancel = () => {
    setCancelError(null);
    onCancel().catch((e: unknown) => setCancelError(errorMessage(e)));
  };

  return (
    <div className="job-status-bar">
      <div className="job-line">
        <span className={`status-badge status-${job.status}`} data-testid="job-status" data-status={job.status}>
          {job.status}
        </span>
        <span className="job-analysis" title={job.id} data-testid="job-analysis">
          {job.analysisId}
        </span>
        <span className="job-frames">{frames ?? `${Math.round(job.progress * 100)} %`}</span>
        {running && (
          <button type="button" className="btn-small" onClick={cancel} data-testid="job-cancel">
            Cancel
          </button>
        )}
      </div>
      <ProgressBar value={job.progress} state={state} />
      <ErrorMessage message={job.error} testId="job-error" />
      <ErrorMessage message={cancelError} />
      <ErrorMessage message={job.loadError} />
    </div>
  );
}
