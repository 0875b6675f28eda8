import type { OpenRequest } from '@stemflow/engine';
import { isDType, StemflowError } from '@stemflow/plugin-sdk';
import { parseShape, stringOption, type ParsedArgs } from '../args';

/** The data set options shared by `info` and `run`: --format, --nav, --sig, --dtype, --byte-order, --offset, --sync-offset, --reader. */
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
  const syncOffset = stringOption(args, 'sync-offset');
  if (syncOffset !== undefined) {
    if (!/^-?\d+$/.test(syncOffset)) throw new StemflowError('PARAMS_INVALID', `--sync-offset "${syncOffset}" must be a whole number of frames (negative inserts blank frames)`);
    request.syncOffset = Number(syncOffset);
  }
  const byteOrder = stringOption(args, 'byte-order');
  if (byteOrder !== undefined) {
    if (byteOrder !== 'little' && byteOrder !== 'big') throw new StemflowError('PARAMS_INVALID', `--byte-order "${byteOrder}": use little or big`);
    request.byteOrder = byteOrder;
  }
  const offset = stringOption(args, 'offset');
  if (offset !== undefined) {
    if (!/^\d+$/.test(offset)) throw new StemflowError('PARAMS_INVALID', `--offset "${offset}" must be a whole number of bytes`);
    request.offset = Number(offset);
  }
  const reader = stringOption(args, 'reader');
  if (reader !== undefined) request.params = readerParams(reader);
  return request;
}

function readerParams(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new StemflowError('PARAMS_INVALID', `--reader is not valid JSON (${(error as Error).message}); write it like '{"dataset": "/entry/data"}'`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new StemflowError('PARAMS_INVALID', '--reader must be a JSON object');
  return value as Record<string, unknown>;
}
