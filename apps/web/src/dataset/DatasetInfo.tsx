import type { Dataset } from '../api/types';
import { formatShape } from './shape';

export function DatasetInfo({ dataset }: { dataset: Dataset }) {
  return (
    <dl className="dataset-info" data-testid="dataset-info">
      <dt>Format</dt>
      <dd data-testid="dataset-format">{dataset.format}</dd>
      <dt>Scan (nav)</dt>
      <dd data-testid="dataset-nav">{formatShape(dataset.navShape)}</dd>
      <dt>Frame (sig)</dt>
      <dd data-testid="dataset-sig">{formatShape(dataset.sigShape)}</dd>
      <dt>Data type</dt>
      <dd data-testid="dataset-dtype">{dataset.dtype}</dd>
      <dt>Frames</dt>
      <dd>{dataset.frames.toLocaleString('en')}</dd>
      <dt>File</dt>
      <dd className="dataset-file" title={dataset.path}>
        {dataset.path}
      </dd>
    </dl>
  );
}
