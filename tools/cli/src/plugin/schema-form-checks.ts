import { error, warning, type Problem } from './problem';

// What the web form (rjsf, with the host's x-ui → uiSchema mapping) can render, checked on the
// JSON a params schema serialises to. Each message names the TypeBox construct to use instead.

type Node = Record<string, unknown>;

const TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);
const NUMBER_KEYWORDS = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'];
const COUNT_KEYWORDS = ['minItems', 'maxItems', 'minLength', 'maxLength', 'minProperties', 'maxProperties'];
const UI_KEYS = new Set(['widget', 'unit', 'help', 'order', 'showIf', 'overlay']);
/**
 * The overlays the web app draws on the diffraction frame: apps/web/src/analysis/overlay.ts has the
 * same list (the CLI cannot import the web app; tools/e2e/web-mask-editor.spec.ts checks they agree).
 */
export const OVERLAY_KINDS: ReadonlySet<string> = new Set(['point', 'disk', 'ring', 'rect', 'polygon', 'stack', 'lattice']);

const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Problems of a params schema (as JSON): invalid JSON Schema, or constructs the form cannot render. */
export function schemaFormProblems(schema: unknown, at: string): Problem[] {
  const problems: Problem[] = [];
  if (!isNode(schema) || schema.type !== 'object' || !isNode(schema.properties)) {
    return [error(at, 'params must be an object schema: params: Type.Object({ ... }) (Type.Object({}) when there is nothing to set)')];
  }
  walk(schema, at, problems, true);
  return problems;
}

function walk(node: Node, at: string, out: Problem[], isField: boolean): void {
  checkKeywords(node, at, out);
  if (node.not !== undefined) out.push(error(`${at}/not`, 'the form cannot render "not": state the rule in the plugin\'s check() instead'));
  if (node.patternProperties !== undefined) {
    out.push(error(`${at}/patternProperties`, 'the form cannot render patternProperties (Type.Record): use fixed fields (Type.Object) or a Type.Array of objects'));
  }
  const union = (node.anyOf ?? node.oneOf) as unknown;
  const unionKey = node.anyOf !== undefined ? 'anyOf' : 'oneOf';
  if (union !== undefined) checkUnion(union, `${at}/${unionKey}`, out);
  const typed = node.type !== undefined || node.enum !== undefined || node.const !== undefined || union !== undefined || node.allOf !== undefined || node.$ref !== undefined;
  if (isField && !typed) out.push(error(at, 'has no "type", so the form cannot choose an input: use Type.Number, Type.String, Type.Boolean, Type.Enum, Type.Object or Type.Array (not Type.Any / Type.Unknown)'));
  if (node['x-ui'] !== undefined) checkHints(node, at, out);

  if (isNode(node.properties)) {
    for (const [name, property] of Object.entries(node.properties)) {
      const path = `${at}/properties/${name}`;
      if (!isNode(property)) {
        out.push(error(path, 'is not a schema: build each field with Type.*'));
        continue;
      }
      if (typeof property.title !== 'string' || property.title.trim() === '') {
        out.push(error(path, `has no title, so the form shows the bare name "${name}": add { title: '…' } to its Type.* options`));
      }
      walk(property, path, out, true);
    }
  } else if (node.properties !== undefined) out.push(error(`${at}/properties`, 'must map field names to schemas'));
  if (node.required !== undefined) checkRequired(node, at, out);
  if (isNode(node.items)) walk(node.items, `${at}/items`, out, true);
  else if (node.items !== undefined && typeof node.items !== 'boolean') out.push(error(`${at}/items`, 'must be one schema: Type.Array(Type.Number(...))'));
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const list = node[key];
    if (Array.isArray(list)) list.forEach((sub, i) => isNode(sub) && walk(sub, `${at}/${key}/${i}`, out, false));
  }
}

function checkKeywords(node: Node, at: string, out: Problem[]): void {
  const types = Array.isArray(node.type) ? node.type : node.type === undefined ? [] : [node.type];
  for (const t of types) if (typeof t !== 'string' || !TYPES.has(t)) out.push(error(`${at}/type`, `"${String(t)}" is not a JSON Schema type: use ${[...TYPES].join(', ')}`));
  for (const key of NUMBER_KEYWORDS) {
    if (node[key] !== undefined && (typeof node[key] !== 'number' || !Number.isFinite(node[key]))) out.push(error(`${at}/${key}`, `${key} must be a finite number`));
  }
  for (const key of COUNT_KEYWORDS) {
    const v = node[key];
    if (v !== undefined && !(Number.isInteger(v) && (v as number) >= 0)) out.push(error(`${at}/${key}`, `${key} must be a whole number ≥ 0`));
  }
  if (node.enum !== undefined && (!Array.isArray(node.enum) || node.enum.length === 0)) out.push(error(`${at}/enum`, 'enum must list at least one value: Type.Enum([...])'));
  if (node.pattern !== undefined) {
    try {
      new RegExp(String(node.pattern), 'u');
    } catch (e) {
      out.push(error(`${at}/pattern`, `is not a regular expression (${(e as Error).message}): fix the pattern`));
    }
  }
}

/** Unions the form renders: nullable / mixed scalars, and objects told apart by a constant field. */
function checkUnion(union: unknown, at: string, out: Problem[]): void {
  if (!Array.isArray(union) || union.length === 0 || !union.every(isNode)) {
    out.push(error(at, 'must be a non-empty list of schemas'));
    return;
  }
  const branches = union as Node[];
  if (branches.every((b) => b.const !== undefined)) {
    const values = branches.map((b) => JSON.stringify(b.const)).join(', ');
    out.push(error(at, `a union of literals renders as a list of sub-forms, not a choice: use Type.Enum([${values}])`));
    return;
  }
  const objects = branches.filter((b) => b.type === 'object' && isNode(b.properties));
  if (objects.length >= 2 && !hasDiscriminator(objects)) {
    out.push(
      error(at, 'a union of objects without a discriminator cannot be told apart in the form: give each object a field with a different Type.Literal (e.g. kind), or use one Type.Object with a Type.Enum field and x-ui.showIf'),
    );
  }
}

function hasDiscriminator(objects: Node[]): boolean {
  const first = objects[0]!.properties as Record<string, Node>;
  return Object.keys(first).some((key) => {
    const values = objects.map((o) => (o.properties as Record<string, Node | undefined>)[key]?.const);
    return values.every((v) => v !== undefined) && new Set(values.map((v) => JSON.stringify(v))).size === values.length;
  });
}

function checkRequired(node: Node, at: string, out: Problem[]): void {
  const required = node.required;
  if (!Array.isArray(required) || !required.every((r) => typeof r === 'string')) {
    out.push(error(`${at}/required`, 'required must be a list of field names'));
    return;
  }
  const names = isNode(node.properties) ? Object.keys(node.properties) : [];
  for (const name of required) if (!names.includes(name)) out.push(error(`${at}/required`, `"${name}" is required but is not a field: remove it or add the field`));
}

function checkHints(node: Node, at: string, out: Problem[]): void {
  const hints = node['x-ui'];
  const path = `${at}/x-ui`;
  if (!isNode(hints)) {
    out.push(error(path, "x-ui must be an object: { 'x-ui': { unit: 'px', help: '…' } }"));
    return;
  }
  for (const key of Object.keys(hints)) if (!UI_KEYS.has(key)) out.push(warning(`${path}/${key}`, `unknown hint "${key}" is ignored by the form: use ${[...UI_KEYS].join(', ')}`));
  for (const key of ['widget', 'unit', 'help'] as const) {
    if (hints[key] !== undefined && typeof hints[key] !== 'string') out.push(error(`${path}/${key}`, `${key} must be a string`));
  }
  const order = hints.order;
  if (order !== undefined && typeof order !== 'number' && !(Array.isArray(order) && order.every((o) => typeof o === 'string'))) {
    out.push(error(`${path}/order`, 'order must be a number (on a field) or a list of field names (on an object)'));
  }
  if (hints.showIf !== undefined && !isNode(hints.showIf)) out.push(error(`${path}/showIf`, "showIf must be an object of sibling fields and values: { showIf: { shape: 'disk' } }"));
  const overlay = hints.overlay;
  if (overlay !== undefined) {
    const fields = isNode(node.properties) ? Object.keys(node.properties) : [];
    if (typeof overlay !== 'string') out.push(error(`${path}/overlay`, `overlay must be a string: a field holding the shape kind, or one of ${[...OVERLAY_KINDS].join(', ')}`));
    else if (!fields.includes(overlay) && !OVERLAY_KINDS.has(overlay)) {
      // The form still renders; the frame just shows no shape.
      out.push(warning(`${path}/overlay`, `the web app draws no overlay "${overlay}": name a field holding the shape kind, or use one of ${[...OVERLAY_KINDS].join(', ')}`));
    }
  }
}

/** showIf conditions must name sibling fields (checked per object, where the siblings are known). */
export function showIfProblems(schema: unknown, at: string): Problem[] {
  const out: Problem[] = [];
  const visit = (node: unknown, path: string): void => {
    if (!isNode(node)) return;
    if (isNode(node.properties)) {
      const names = Object.keys(node.properties);
      for (const [name, property] of Object.entries(node.properties)) {
        const showIf = isNode(property) && isNode(property['x-ui']) ? property['x-ui'].showIf : undefined;
        if (isNode(showIf)) {
          for (const field of Object.keys(showIf)) {
            if (!names.includes(field)) out.push(error(`${path}/properties/${name}/x-ui/showIf`, `names "${field}", which is not a field beside "${name}": use one of ${names.join(', ')}`));
          }
        }
        visit(property, `${path}/properties/${name}`);
      }
    }
    if (isNode(node.items)) visit(node.items, `${path}/items`);
  };
  visit(schema, at);
  return out;
}
