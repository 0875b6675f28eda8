import { Fragment } from 'react';
import type { Dataset } from '../api/types';
import { formatShape } from './shape';

/** The physical facts the reader found, as label/value rows. */
function metadataRows({ metadata }: Dataset): [string, string][] {
  if (!metadata) return [];
  const size = (s?: { value: [number, number]; unit: string }) => (s ? `${s.value[0]} × ${s.value[1]} ${s.unit}` : undefined);
  const rows: [string, string | undefined][] = [
    ['Pixel size', size(metadata.sigPixelSize)],
    ['Scan step', size(metadata.navPixelSize)],
    ['Beam energy', metadata.beamEnergy !== undefined ? `${metadata.beamEnergy / 1000} keV` : undefined],
    ['Camera length', metadata.cameraLength !== undefined ? `${metadata.cameraLength} m` : undefined],
    ['Scan rotation', metadata.scanRotation !== undefined ? `${metadata.scanRotation}°` : undefined],
    ['Acquired', metadata.acquisitionTime],
    ['Exposure', metadata.exposureTime !== undefined ? `${metadata.exposureTime} s` : undefined],
  ];
  return rows.filter((r): r is [string, string] => r[1] !== undefined);
}

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
      <dd>
        {dataset.frames.toLocaleString('en')}
        {dataset.imageCount !== undefined && dataset.imageCount !== dataset.frames ? ` of ${dataset.imageCount.toLocaleString('en')} in the file` : ''}
        {dataset.syncOffset ? ` (sync offset ${dataset.syncOffset})` : ''}
      </dd>
      {metadataRows(dataset).map(([label, value]) => (
        <Fragment key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </Fragment>
      ))}
      <dt>File</dt>
      <dd className="dataset-file" title={dataset.path}>
        {dataset.path}
      </dd>
    </dl>
  );
}
