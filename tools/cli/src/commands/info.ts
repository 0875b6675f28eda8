import { describeDataSet, openDataSet } from '@stemflow/engine';
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
      '',
    ].join('\n'),
  );
}
