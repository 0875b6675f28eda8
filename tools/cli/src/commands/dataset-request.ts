import type { OpenRequest } from '@stemflow/engine';
import { isDType, StemflowError } from '@stemflow/plugin-sdk';
import { parseShape, stringOption, type ParsedArgs } from '../args';

/** The data set options shared by `info` and `run`: --format, --nav, --sig, --dtype. */
export function datasetRequest(path: string | undefined, args: ParsedArgs): OpenRequest {
  if (!path) throw new StemflowError('PARAMS_INVALID', 'give the path of a data file');
  const dtype = stringOption(args, 'dtype');
  if (dtype !== undefined && !isDType(dtype)) {
    throw new StemflowError('PARAMS_INVALID', `--dtype "${dtype}" is not one of uint8, int8, uint16, int16, uint32, int32, float32, float64`);
  }
  const request: OpenRequest = { path };
  const format = stringOption(args, 'format');
  const navShape = parseShape(stringOption(args, 'nav'), 'nav');
  const sigShape = parseShape(stringOption(args, 'sig'), 'sig');
  if (format) request.format = format;
  if (navShape) request.navShape = navShape;
  if (sigShape) request.sigShape = sigShape;
  if (dtype) request.dtype = dtype;
  return request;
}
