import type { TSchema } from 'typebox';
import { Compile, type Validator } from 'typebox/compile';
import { Value } from 'typebox/value';
import { StemflowError, type FieldError } from './errors';
import type { AnyPlugin, DatasetInfo } from './plugin';

const validators = new WeakMap<TSchema, Validator>();

function validatorFor(schema: TSchema): Validator {
  let validator = validators.get(schema);
  if (!validator) {
    validator = Compile(schema);
    validators.set(schema, validator);
  }
  return validator;
}

interface SchemaError {
  instancePath: string;
  message: string;
  keyword?: string;
  params?: { requiredProperties?: string[]; allowedValues?: unknown[] };
}

function toFieldErrors(errors: Iterable<SchemaError>): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const missing = error.params?.requiredProperties;
    if (error.keyword === 'required' && missing) {
      for (const name of missing) out.push({ path: `${error.instancePath}/${name}`, message: 'is required' });
    } else if (error.keyword === 'enum' && error.params?.allowedValues) {
      out.push({ path: error.instancePath || '/', message: `must be one of ${error.params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}` });
    } else {
      out.push({ path: error.instancePath || '/', message: error.message });
    }
  }
  return out;
}

/**
 * Complete and check a plugin's parameters: data-set-aware defaults and schema defaults fill
 * what the user left out, the compiled schema validates, then the plugin's cross-field check.
 * The host calls it before every job; `runUdf` does too.
 *
 * @param input - The user's parameters (a JSON object; `undefined` means all defaults).
 * @param dataset - When given, `plugin.defaults(dataset)` and `plugin.check(params, dataset)` see it.
 * @returns The complete parameters, ready for the UDF.
 * @throws `StemflowError` `PARAMS_INVALID` listing every error with its JSON pointer (`error.errors`).
 *
 * @example
 * ```ts
 * import { resolveParams } from '@stemflow/plugin-sdk';
 * import { randomDataSet } from '@stemflow/plugin-sdk/testing';
 *
 * const params = resolveParams(plugin, { r: 5 }, randomDataSet([4, 4], [32, 32]));
 * // e.g. { r: 5, cx: 16, cy: 16 }: the centre came from plugin.defaults(dataset)
 * ```
 */
export function resolveParams(plugin: AnyPlugin, input: unknown, dataset?: DatasetInfo): Record<string, unknown> {
  if (input !== undefined && (typeof input !== 'object' || input === null || Array.isArray(input))) {
    throw new StemflowError('PARAMS_INVALID', `parameters of "${plugin.id}" must be a JSON object`, {
      errors: [{ path: '/', message: 'must be an object' }],
    });
  }
  const suggested = dataset && plugin.defaults ? plugin.defaults(dataset) : {};
  const merged = Value.Default(plugin.params, { ...suggested, ...(input as object | undefined) }) as Record<string, unknown>;
  const validator = validatorFor(plugin.params);
  let errors: FieldError[] = validator.Check(merged) ? [] : toFieldErrors(validator.Errors(merged) as Iterable<SchemaError>);
  if (errors.length === 0 && plugin.check) errors = plugin.check(merged, dataset);
  if (errors.length > 0) {
    const list = errors.map((e) => `${e.path}: ${e.message}`).join('; ');
    throw new StemflowError('PARAMS_INVALID', `invalid parameters for "${plugin.id}": ${list}`, { errors });
  }
  return merged;
}
