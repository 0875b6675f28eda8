import { getDefaultRegistry } from '@rjsf/core';
import { hasWidget, type RJSFSchema } from '@rjsf/utils';
import type { JsonSchema } from '../api/types';

const widgets = getDefaultRegistry().widgets;

/** Whether rjsf's default theme can render the named widget for this field. */
export function canRenderWidget(schema: JsonSchema, widget: string): boolean {
  return hasWidget(schema as RJSFSchema, widget, widgets);
}
