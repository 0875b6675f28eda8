import type { UiSchema } from '@rjsf/utils';
import type { JsonSchema, UiHints } from '../api/types';

// Turns the `x-ui` hints of a plugin's parameter schema into rjsf's uiSchema:
//   help     → ui:help (under the field)
//   unit     → ui:options.unit (the theme shows it beside the input)
//   order    → ui:order of the parent object (numbers sort the fields; a list on an object
//              is taken as the order itself)
//   showIf   → { field: value } all of which must hold in the current form data, else the
//              field renders nothing ('ui:field': 'hidden') and is not sent; a list as value means "any of"
//   widget   → ui:widget, when rjsf has that widget for the field (else it is ignored)
// The items of a list get the hints of their schema too (units, help, order), and `showIf`
// is applied to each item's own values (rjsf takes `items` as a function of the item then).
// Pure.

type WidgetCheck = (schema: JsonSchema, widget: string) => boolean;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === 'object' && JSON.stringify(a) === JSON.stringify(b));
}

/** Whether every condition of a `showIf` holds for the sibling values in `data`. */
export function conditionHolds(showIf: Record<string, unknown>, data: Record<string, unknown>): boolean {
  return Object.entries(showIf).every(([field, expected]) =>
    Array.isArray(expected) ? expected.some((e) => sameValue(data[field], e)) : sameValue(data[field], expected),
  );
}

function hintsOf(schema: JsonSchema): UiHints {
  return isRecord(schema['x-ui']) ? (schema['x-ui'] as UiHints) : {};
}

function fieldOrder(properties: Record<string, JsonSchema>, objectHints: UiHints): string[] | undefined {
  const names = Object.keys(properties);
  if (Array.isArray(objectHints.order)) {
    const listed = objectHints.order.filter((n) => names.includes(n));
    return [...listed, '*'];
  }
  const ranked = names.map((name, index) => ({ name, index, order: hintsOf(properties[name]).order }));
  if (!ranked.some((r) => typeof r.order === 'number')) return undefined;
  const rank = (r: (typeof ranked)[number]) => (typeof r.order === 'number' ? r.order : Number.POSITIVE_INFINITY);
  ranked.sort((a, b) => rank(a) - rank(b) || a.index - b.index);
  return [...ranked.map((r) => r.name), '*'];
}

function fieldUi(schema: JsonSchema, data: unknown, visible: boolean, hasWidget: WidgetCheck): UiSchema {
  const hints = hintsOf(schema);
  const ui: UiSchema = schema.properties ? objectUi(schema, data, hasWidget) : {};
  const items = schema.items;
  if (isRecord(items) && !Array.isArray(items)) {
    const itemSchema = items as JsonSchema;
    const itemUi = (item: unknown): UiSchema => fieldUi(itemSchema, item, true, hasWidget);
    if (hasConditions(itemSchema)) ui.items = itemUi;
    else if (Object.keys(itemUi(undefined)).length > 0) ui.items = itemUi(undefined);
  }
  if (hints.help) ui['ui:help'] = hints.help;
  if (hints.unit) ui['ui:options'] = { unit: hints.unit };
  // A hidden field renders nothing, whatever its type ('ui:widget' hidden only covers plain values).
  if (!visible) return { 'ui:field': 'hidden' };
  if (hints.widget === 'mask-upload') ui['ui:field'] = 'maskUpload';
  else if (hints.widget && hasWidget(schema, hints.widget)) ui['ui:widget'] = hints.widget;
  return ui;
}

/** Whether a field of this object schema (at any depth) shows only under a condition. */
function hasConditions(schema: JsonSchema): boolean {
  return Object.values(schema.properties ?? {}).some((p) => isRecord(hintsOf(p).showIf) || hasConditions(p));
}

function objectUi(schema: JsonSchema, data: unknown, hasWidget: WidgetCheck): UiSchema {
  const properties = schema.properties ?? {};
  const values = isRecord(data) ? data : {};
  const ui: UiSchema = {};
  for (const [name, property] of Object.entries(properties)) {
    const showIf = hintsOf(property).showIf;
    const visible = !isRecord(showIf) || conditionHolds(showIf, values);
    const fieldSchema = fieldUi(property, values[name], visible, hasWidget);
    if (Object.keys(fieldSchema).length > 0) ui[name] = fieldSchema;
  }
  const order = fieldOrder(properties, hintsOf(schema));
  if (order) ui['ui:order'] = order;
  return ui;
}

/**
 * The uiSchema for a parameter schema given the current form data. `hasWidget` says whether
 * rjsf can render a named widget for a field (so that an unknown hint cannot break the form).
 */
export function toUiSchema(schema: JsonSchema, formData: unknown, hasWidget: WidgetCheck = () => false): UiSchema {
  const ui = fieldUi(schema, formData, true, hasWidget);
  delete ui['ui:widget'];
  return ui;
}

/** Top-level fields that are hidden by their `showIf` in the given uiSchema. */
export function hiddenFields(ui: UiSchema): Set<string> {
  const hidden = new Set<string>();
  for (const [name, value] of Object.entries(ui)) {
    if (!name.startsWith('ui:') && isRecord(value) && value['ui:field'] === 'hidden') hidden.add(name);
  }
  return hidden;
}

/**
 * The form data without the fields whose `showIf` does not hold (at any depth of nested
 * objects and list items): what is sent to the host, so a hidden field's leftovers never fail
 * validation.
 */
export function visibleData(schema: JsonSchema, data: unknown): unknown {
  if (Array.isArray(data) && isRecord(schema.items)) return data.map((item) => visibleData(schema.items as JsonSchema, item));
  if (!isRecord(data) || !schema.properties) return data;
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(data)) {
    const property = schema.properties[name];
    if (!property) {
      out[name] = value;
      continue;
    }
    const showIf = hintsOf(property).showIf;
    if (isRecord(showIf) && !conditionHolds(showIf, data)) continue;
    out[name] = visibleData(property, value);
  }
  return out;
}
