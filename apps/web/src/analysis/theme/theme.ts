import { withTheme, type ThemeProps } from '@rjsf/core';
import { ArrayFieldItemTemplate } from './ArrayFieldItemTemplate';
import { ArrayFieldTemplate } from './ArrayFieldTemplate';
import { BaseInputTemplate } from './BaseInputTemplate';
import { AddButton, ClearButton, CopyButton, MoveDownButton, MoveUpButton, RemoveButton } from './ButtonTemplates';
import { CheckboxWidget } from './CheckboxWidget';
import { FieldErrorTemplate } from './FieldErrorTemplate';
import { FieldHelpTemplate } from './FieldHelpTemplate';
import { FieldTemplate } from './FieldTemplate';
import { ObjectFieldTemplate } from './ObjectFieldTemplate';
import { SubmitButton } from './SubmitButton';

/**
 * Stemflow's rjsf theme: labelled fields in a compact grid, units beside the inputs, help and
 * errors under the field they belong to, and buttons in the app's style. The look is in
 * theme.css (imported by the form, so that this module also loads outside a bundler).
 */
export const stemflowTheme: ThemeProps = {
  templates: {
    FieldTemplate,
    FieldErrorTemplate,
    FieldHelpTemplate,
    ObjectFieldTemplate,
    ArrayFieldTemplate,
    ArrayFieldItemTemplate,
    BaseInputTemplate,
    ButtonTemplates: { SubmitButton, AddButton, RemoveButton, MoveUpButton, MoveDownButton, CopyButton, ClearButton },
  },
  widgets: { CheckboxWidget },
};

/** rjsf's Form with the Stemflow theme. */
export const ThemedForm = withTheme(stemflowTheme);
