import { StemflowError, type FieldError } from '@stemflow/plugin-sdk';
import type { Scale } from '@stemflow/engine';

/** The `scale` query parameter of image endpoints: linear (default) or log. */
export function parseScale(value: string | undefined): Scale {
  if (value === undefined || value === '' || value === 'linear') return 'linear';
  if (value === 'log') return 'log';
  const errors: FieldError[] = [{ path: '/scale', message: 'must be "linear" or "log"' }];
  throw new StemflowError('PARAMS_INVALID', `scale "${value}" is not "linear" or "log"`, { errors });
}
