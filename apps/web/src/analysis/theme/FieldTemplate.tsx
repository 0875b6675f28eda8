import { getTemplate, getUiOptions, type FieldTemplateProps } from '@rjsf/utils';
import { isContainer, isHiddenByShowIf, isInListItem } from './field-kind';

/**
 * One field: label (with a mark when required), the schema's description, the widget (which
 * shows the unit beside the input), the field's own errors in red right under it, then the
 * `x-ui` help. Objects and lists show their title and help themselves, above their fields.
 * Inside list items the help moves to a tooltip so that a list of vertices stays compact.
 */
export function FieldTemplate(props: FieldTemplateProps) {
  const { id, classNames, style, label, displayLabel, required, description, rawDescription, rawHelp, children, errors, help, hidden, rawErrors, schema, uiSchema, registry, fieldPathId } = props;
  if (isHiddenByShowIf(uiSchema)) return null;
  if (hidden) return <div className="hidden">{children}</div>;
  const WrapIfAdditionalTemplate = getTemplate('WrapIfAdditionalTemplate', registry, getUiOptions(uiSchema));
  const container = isContainer(schema, uiSchema);
  const inList = isInListItem(fieldPathId);
  const invalid = (rawErrors?.length ?? 0) > 0;
  return (
    <WrapIfAdditionalTemplate {...props} classNames={`sf-field ${container ? 'sf-container' : ''} ${invalid ? 'sf-invalid' : ''} ${classNames ?? ''}`} style={style}>
      <div className="sf-field-body" title={inList && !container ? rawHelp : undefined}>
        {displayLabel && (
          <label className="sf-label" htmlFor={id}>
            {label}
            {required && <span className="sf-required" aria-hidden="true">*</span>}
          </label>
        )}
        {displayLabel && rawDescription ? description : null}
        {children}
        {errors}
        {!container && !inList && help}
      </div>
    </WrapIfAdditionalTemplate>
  );
}
