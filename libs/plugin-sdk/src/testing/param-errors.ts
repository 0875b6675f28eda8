import { StemflowError, type FieldError } from '../errors';

/**
 * The field errors of a call that must refuse its parameters (`PARAMS_INVALID`); any other
 * outcome throws, so a test fails with the reason.
 *
 * @example
 * ```ts
 * import { paramErrors, randomDataSet, runUdf } from '@stemflow/plugin-sdk/testing';
 *
 * test('an inner radius above the outer one is refused at /ri', () => {
 *   const ds = randomDataSet([5, 7], [9, 11]);
 *   expect(paramErrors(() => runUdf(plugin, ds, { shape: 'ring', ri: 5, ro: 4 })).map((e) => e.path)).toEqual(['/ri']);
 * });
 * ```
 */
export function paramErrors(run: () => unknown): FieldError[] {
  try {
    run();
  } catch (error) {
    if (error instanceof StemflowError && error.code === 'PARAMS_INVALID') return error.errors ?? [];
    throw new Error(`expected PARAMS_INVALID, got ${error instanceof StemflowError ? error.code : 'an error'}: ${(error as Error)?.message}`);
  }
  throw new Error('expected PARAMS_INVALID, but the parameters were accepted');
}
