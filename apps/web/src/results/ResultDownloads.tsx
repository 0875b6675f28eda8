import { resultFileUrl } from '../api/urls';

interface ResultDownloadsProps {
  jobId: string;
  name: string;
  available: boolean;
}

/** Links to the stored result files (present once the job is done). */
export function ResultDownloads({ jobId, name, available }: ResultDownloadsProps) {
  if (!available) return <span className="downloads muted">Downloads when the job is done</span>;
  return (
    <span className="downloads">
      <a href={resultFileUrl(jobId, name, 'npy')} download={`${name}.npy`} data-testid="download-npy">
        .npy
      </a>
      <a href={resultFileUrl(jobId, name, 'png')} download={`${name}.png`} data-testid="download-png">
        .png
      </a>
    </span>
  );
}
