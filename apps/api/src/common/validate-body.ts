import type { TSchema } from 'typebox';
import { Compile, type Validator } from 'typebox/compile';
import { StemflowError, type FieldError } from '@stemflow/plugin-sdk';

const validators = new WeakMap<TSchema, Validator>();

interface SchemaError {
  instancePath: string;
  message: string;
  keyword?: string;
  params?: { requiredProperties?: string[] };
}

/** Check a request body against a TypeBox schema; throws PARAMS_INVALID with JSON pointers. */
export function validateBody<T>(schema: TSchema, body: unknown, what: string): T {
  let validator = validators.get(schema);
  if (!validator) {
    validator = Compile(schema);
    validators.set(schema, validator);
  }
  if (validator.Check(body)) return body as T;
  const errors: FieldError[] = [];
  for (const error of validator.Errors(body) as Iterable<SchemaError>) {
    const missing = error.params?.requiredProperties;
    if (error.keyword === 'required' && missing) {
      for (const name of missing) errors.push({ path: `${error.instancePath}/${name}`, message: 'is required' });
    } else {
      errors.push({ path: error.instancePath || '/', message: error.message });
    }
  }
  const list = errors.map((e) => `${e.path}: ${e.message}`).join('; ');
  throw new StemflowError('PARAMS_INVALID', `invalid ${what}: ${list}`, { errors });
}
