import { jobFileUrl, resultDownloadUrl, type ResultFileFormat } from '../api/jobs-api';

interface ResultDownloadsProps {
  jobId: string;
  name: string;
  available: boolean;
}

const FORMATS: { format: ResultFileFormat; label: string; title: string }[] = [
  { format: 'npy', label: '.npy', title: 'NumPy array, full precision' },
  { format: 'tiff', label: '.tiff', title: 'TIFF, 32-bit float values' },
  { format: 'png', label: '.png', title: 'Colour-mapped picture' },
  { format: 'h5', label: '.h5', title: 'HDF5 file with this result' },
];

/** Links to the stored files of one result and of the whole job (present once the job is done). */
export function ResultDownloads({ jobId, name, available }: ResultDownloadsProps) {
  if (!available) return <span className="downloads muted">Downloads when the job is done</span>;
  return (
    <span className="downloads" data-testid="result-downloads">
      {FORMATS.map(({ format, label, title }) => (
        <a key={format} href={resultDownloadUrl(jobId, name, format)} download={`${name}.${format}`} title={title} data-testid={`download-${format}`}>
          {label}
        </a>
      ))}
      <a href={jobFileUrl(jobId, 'all.h5')} download={`stemflow-${jobId}.h5`} title="Every result of this job in one HDF5 file" data-testid="download-all-h5">
        all results (.h5)
      </a>
      <a href={jobFileUrl(jobId, 'provenance.json')} download={`provenance-${jobId}.json`} title="Analysis, parameters, versions and data set fingerprint" data-testid="download-provenance">
        provenance
      </a>
    </span>
  );
}
