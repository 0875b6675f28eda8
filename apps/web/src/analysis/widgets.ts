import { getDefaultRegistry } from '@rjsf/core';
import { hasWidget, type RJSFSchema } from '@rjsf/utils';
import type { JsonSchema } from '../api/types';
import { stemflowTheme } from './theme/theme';

const widgets = { ...getDefaultRegistry().widgets, ...stemflowTheme.widgets };

/** Whether the form's theme can render the named widget for this field. */
export function canRenderWidget(schema: JsonSchema, widget: string): boolean {
  return hasWidget(schema as RJSFSchema, widget, widgets);
}
