import { helpId, type FieldHelpProps } from '@rjsf/utils';

/** The `x-ui` help of a field, small and muted under it. */
export function FieldHelpTemplate({ help, fieldPathId }: FieldHelpProps) {
  if (!help) return null;
  return (
    <div id={helpId(fieldPathId)} className="sf-help">
      {help}
    </div>
  );
}
