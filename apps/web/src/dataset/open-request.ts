import type { OpenDatasetRequest, ReaderParams } from '../api/types';
import type { ReaderOptionsValue } from './reader-options';
import { parseShape } from './shape';

/** The POST /api/datasets body for a path and the optional overrides; throws on bad shapes. */
export function openRequest(path: string, options: ReaderOptionsValue): OpenDatasetRequest {
  const params: ReaderParams = {};
  const navShape = parseShape(options.navShape);
  const sigShape = parseShape(options.sigShape);
  if (navShape) params.navShape = navShape;
  if (sigShape) params.sigShape = sigShape;
  if (options.dtype) params.dtype = options.dtype;
  const syncOffset = options.syncOffset.trim();
  if (syncOffset) {
    if (!/^-?\d+$/.test(syncOffset)) throw new Error(`sync offset "${syncOffset}" must be a whole number of frames`);
    params.syncOffset = Number(syncOffset);
  }
  const body: OpenDatasetRequest = { path: path.trim() };
  if (options.format.trim()) body.format = options.format.trim();
  if (Object.keys(params).length > 0) body.params = params;
  return body;
}
