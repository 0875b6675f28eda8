import { describeDataSet, openDataSet, type DatasetMetadata } from '@stemflow/engine';
import type { ParsedArgs } from '../args';
import { datasetRequest } from './dataset-request';

export function info(args: ParsedArgs): void {
  const descriptor = describeDataSet(datasetRequest(args.positionals[0], args));
  const dataset = openDataSet(descriptor); // checks the file size against the shape
  dataset.close();
  const summary = {
    format: descriptor.format,
    navShape: descriptor.navShape,
    sigShape: descriptor.sigShape,
    dtype: descriptor.dtype,
    frames: dataset.frames,
    ...(descriptor.imageCount !== undefined ? { imageCount: descriptor.imageCount } : {}),
    ...(descriptor.syncOffset ? { syncOffset: descriptor.syncOffset } : {}),
    ...(descriptor.metadata ? { metadata: descriptor.metadata } : {}),
  };
  if (args.options.json) {
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return;
  }
  process.stdout.write(
    [
      `file    ${descriptor.path}`,
      `format  ${summary.format}`,
      `nav     ${summary.navShape.join(' × ')} (${summary.frames} frames)`,
      `sig     ${summary.sigShape.join(' × ')}`,
      `dtype   ${summary.dtype}${descriptor.byteOrder === 'big' ? ' (big-endian)' : ''}`,
      ...(descriptor.imageCount !== undefined && descriptor.imageCount !== dataset.frames ? [`images  ${descriptor.imageCount} in the file${descriptor.syncOffset ? `, sync offset ${descriptor.syncOffset}` : ''}`] : []),
      ...metadataLines(descriptor.metadata),
      '',
    ].join('\n'),
  );
}

function metadataLines(metadata: DatasetMetadata | undefined): string[] {
  if (!metadata) return [];
  const lines: string[] = [];
  const size = (s?: { value: [number, number]; unit: string }) => (s ? `${s.value[0]} × ${s.value[1]} ${s.unit}` : undefined);
  const add = (label: string, value: string | undefined) => value !== undefined && lines.push(`${label.padEnd(7)} ${value}`);
  add('pixel', size(metadata.sigPixelSize));
  add('step', size(metadata.navPixelSize));
  add('energy', metadata.beamEnergy !== undefined ? `${metadata.beamEnergy / 1000} keV` : undefined);
  add('camera', metadata.cameraLength !== undefined ? `${metadata.cameraLength} m` : undefined);
  add('rotate', metadata.scanRotation !== undefined ? `${metadata.scanRotation}°` : undefined);
  add('time', metadata.acquisitionTime);
  add('expose', metadata.exposureTime !== undefined ? `${metadata.exposureTime} s` : undefined);
  return lines;
}
