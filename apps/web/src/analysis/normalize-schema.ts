import type { JsonSchema } from '../api/types';

// TypeBox's Type.Enum emits `{ enum: [...] }` without a `type`. rjsf then guesses 'string'
// for every enum, which turns numeric choices into strings; giving the node the type of its
// values makes rjsf render a select that keeps the values' type. Pure; returns a copy.

function typeOfValues(values: readonly unknown[]): string | string[] | undefined {
  const types = new Set<string>();
  for (const v of values) {
    if (v === null) types.add('null');
    else if (typeof v === 'string') types.add('string');
    else if (typeof v === 'boolean') types.add('boolean');
    else if (typeof v === 'number') types.add(Number.isInteger(v) ? 'integer' : 'number');
    else return undefined;
  }
  if (types.has('number')) types.delete('integer');
  const list = [...types];
  return list.length === 1 ? list[0] : list.length > 1 ? list : undefined;
}

/** Keywords whose values are data, not sub-schemas. */
const DATA_KEYWORDS = new Set(['x-ui', 'default', 'const', 'enum', 'examples', 'required']);
/** Keywords whose values map names to sub-schemas. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions', '$defs', 'dependentSchemas']);

export function normalizeSchema<T>(node: T): T {
  if (Array.isArray(node)) return node.map((item) => normalizeSchema(item)) as T;
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (DATA_KEYWORDS.has(key)) out[key] = value;
    else if (SCHEMA_MAPS.has(key) && typeof value === 'object' && value !== null) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, normalizeSchema(sub)]));
    } else out[key] = normalizeSchema(value);
  }
  const schema = out as JsonSchema;
  if (Array.isArray(schema.enum) && schema.type === undefined) {
    const type = typeOfValues(schema.enum);
    if (type !== undefined) schema.type = type;
  }
  return out as T;
}
