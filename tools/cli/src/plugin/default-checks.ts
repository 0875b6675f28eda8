import type { AnyPlugin, DatasetInfo } from '@stemflow/plugin-sdk';
import { Compile } from 'typebox/compile';
import { error, type Problem } from './problem';

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A small data set to ask `defaults` about: the host calls it with the open data set when it renders the form. */
export const SAMPLE_DATASET: DatasetInfo = { navShape: [16, 16], sigShape: [64, 64], dtype: 'uint16', frames: 256 };

function firstError(schema: Node, value: unknown): string | undefined {
  const validator = Compile(schema);
  if (validator.Check(value)) return undefined;
  const [first] = [...validator.Errors(value)] as { instancePath: string; message: string }[];
  return first ? `${first.instancePath || 'value'} ${first.message}` : 'does not match';
}

/** Every `default` in the schema (at any depth) must satisfy the schema it sits in. */
export function schemaDefaultProblems(schema: unknown, at: string): Problem[] {
  const out: Problem[] = [];
  const visit = (node: unknown, path: string): void => {
    if (!isNode(node)) return;
    if (node.default !== undefined) {
      const why = compileSafely(node, node.default);
      if (why) out.push(error(`${path}/default`, `default ${JSON.stringify(node.default)} does not satisfy its own schema (${why}): change the default or the constraints`));
    }
    if (isNode(node.properties)) for (const [name, sub] of Object.entries(node.properties)) visit(sub, `${path}/properties/${name}`);
    if (isNode(node.items)) visit(node.items, `${path}/items`);
  };
  visit(schema, at);
  return out;
}

function compileSafely(schema: Node, value: unknown): string | undefined {
  try {
    return firstError(schema, value);
  } catch (e) {
    return `the schema does not compile: ${(e as Error).message}`;
  }
}

/**
 * The plugin's data-set-aware `defaults` (not its kernel) for a sample data set: each value must
 * satisfy its field's schema, and no unknown fields.
 */
export function datasetDefaultProblems(plugin: AnyPlugin, schema: Node, at: string): Problem[] {
  if (!plugin.defaults) return [];
  let values: unknown;
  try {
    values = plugin.defaults(SAMPLE_DATASET);
  } catch (e) {
    return [error(`${at}/defaults`, `defaults() threw for a 16×16 scan of 64×64 uint16 frames: ${(e as Error).message}: make it work for any data set`)];
  }
  if (!isNode(values)) return [error(`${at}/defaults`, 'defaults() must return an object of field values')];
  const properties = (isNode(schema.properties) ? schema.properties : {}) as Record<string, Node>;
  const out: Problem[] = [];
  for (const [name, value] of Object.entries(values)) {
    const property = properties[name];
    if (!property) {
      out.push(error(`${at}/defaults/${name}`, `defaults() sets "${name}", which is not a parameter: remove it or add the field to params`));
      continue;
    }
    const why = compileSafely(property, value);
    if (why) out.push(error(`${at}/defaults/${name}`, `defaults() gives ${JSON.stringify(value)} for a 64×64 frame, which does not satisfy the schema (${why}): fix defaults() or the constraints`));
  }
  return out;
}
