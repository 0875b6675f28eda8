import type { FieldPathId, RJSFSchema, UiSchema } from '@rjsf/utils';

// Small questions the theme's templates ask about a field. Pure.

/** The unit that `toUiSchema` put in the field's `ui:options` (from the `x-ui` hint), if any. */
export function unitOf(options: Record<string, unknown> | undefined): string | undefined {
  const unit = options?.unit;
  return typeof unit === 'string' && unit !== '' ? unit : undefined;
}

/** Whether a field's `showIf` hides it (`toUiSchema` gives it the field that renders nothing). */
export function isHiddenByShowIf(uiSchema: UiSchema | undefined): boolean {
  return uiSchema?.['ui:field'] === 'hidden';
}

/** Objects and arrays drawn by the object and array templates (not by a custom field): they show their own title and help. */
export function isContainer(schema: RJSFSchema, uiSchema: UiSchema | undefined): boolean {
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  return (type === 'object' || type === 'array') && !uiSchema?.['ui:field'];
}

/** Whether the field sits inside an item of a list (its path has an index): lists stay compact. */
export function isInListItem(fieldPathId: FieldPathId | undefined): boolean {
  return fieldPathId?.path.some((segment) => typeof segment === 'number') ?? false;
}

/** The item number (1-based) when the field is itself an item of a list. */
export function listItemNumber(fieldPathId: FieldPathId | undefined): number | undefined {
  const last = fieldPathId?.path.at(-1);
  return typeof last === 'number' ? last + 1 : undefined;
}

/** Fields that take half a row of the grid: plain numbers (with their unit); the rest take a whole row. */
export function isCompact(schema: RJSFSchema | boolean | undefined): boolean {
  if (typeof schema !== 'object' || schema === null) return false;
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  return (type === 'number' || type === 'integer') && !Array.isArray(schema.enum);
}
