import { getUiOptions, helpId, type FieldPathId, type UiSchema } from '@rjsf/utils';
import type { ReactNode } from 'react';

interface ContainerHeadingProps {
  title: string | undefined;
  required?: boolean;
  description?: ReactNode;
  uiSchema: UiSchema | undefined;
  fieldPathId: FieldPathId;
}

/** Title, description and `x-ui` help of an object or a list, above its fields. */
export function ContainerHeading({ title, required, description, uiSchema, fieldPathId }: ContainerHeadingProps) {
  const help = getUiOptions(uiSchema).help;
  if (!title && !description && !help) return null;
  return (
    <div className="sf-heading">
      {title && (
        <legend className="sf-legend" id={`${fieldPathId.$id}__title`}>
          {title}
          {required && <span className="sf-required" aria-hidden="true">*</span>}
        </legend>
      )}
      {description && <div className="field-description">{description}</div>}
      {help && (
        <div id={helpId(fieldPathId)} className="sf-help">
          {help}
        </div>
      )}
    </div>
  );
}
