import { buttonId, canExpand, type ObjectFieldTemplateProps } from '@rjsf/utils';
import { ContainerHeading } from './ContainerHeading';
import { isCompact, isHiddenByShowIf, listItemNumber } from './field-kind';

/**
 * The fields of an object in a compact two-column grid: numbers (with their units) side by
 * side, everything else across the row. rjsf hands the properties over already sorted by
 * `ui:order` (from `x-ui.order`); fields hidden by `showIf` take no cell. The form's root has
 * no heading (the analysis list already names it); a list item is titled "Vertex 2" etc.
 */
export function ObjectFieldTemplate(props: ObjectFieldTemplateProps) {
  const { title, description, properties, schema, uiSchema, fieldPathId, registry, required, disabled, readonly, formData, onAddProperty } = props;
  const root = fieldPathId.path.length === 0;
  const itemNumber = listItemNumber(fieldPathId);
  const { AddButton } = registry.templates.ButtonTemplates;
  const shown = properties.filter((p) => !p.hidden && !isHiddenByShowIf(uiSchema?.[p.name]));
  const heading = root ? undefined : itemNumber !== undefined ? `${title || 'Item'} ${itemNumber}` : title;
  return (
    <fieldset className={`sf-object ${root ? 'sf-root' : ''}`} id={fieldPathId.$id}>
      <ContainerHeading title={heading} required={required && itemNumber === undefined} description={description} uiSchema={uiSchema} fieldPathId={fieldPathId} />
      <div className="sf-grid">
        {shown.map((p) => (
          <div key={p.name} className={isCompact(schema.properties?.[p.name]) ? 'sf-cell' : 'sf-cell sf-cell-wide'}>
            {p.content}
          </div>
        ))}
      </div>
      {canExpand(schema, uiSchema, formData) && (
        <AddButton id={buttonId(fieldPathId, 'add')} className="sf-add" onClick={onAddProperty} disabled={disabled || readonly} uiSchema={uiSchema} registry={registry} />
      )}
    </fieldset>
  );
}
