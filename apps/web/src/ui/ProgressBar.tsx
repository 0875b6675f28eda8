interface ProgressBarProps {
  value: number;
  state?: 'active' | 'done' | 'failed' | 'stopped';
}

export function ProgressBar({ value, state = 'active' }: ProgressBarProps) {
  const percent = Math.round(Math.min(Math.max(value, 0), 1) * 1000) / 10;
  return (
    <div className={`progress progress-${state}`} role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} data-testid="job-progress">
      <div className="progress-fill" style={{ width: `${percent}%` }} />
    </div>
  );
}
