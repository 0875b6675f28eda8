import { buttonId, type ArrayFieldTemplateProps } from '@rjsf/utils';
import { ContainerHeading } from './ContainerHeading';

/** A list (polygon vertices, a stack of masks): heading and help, the items, and an "add" button. */
export function ArrayFieldTemplate(props: ArrayFieldTemplateProps) {
  const { canAdd, disabled, readonly, fieldPathId, uiSchema, items, onAddClick, registry, required, schema, title } = props;
  const { AddButton } = registry.templates.ButtonTemplates;
  return (
    <fieldset className="sf-list" id={fieldPathId.$id}>
      <ContainerHeading title={title} required={required} description={schema.description} uiSchema={uiSchema} fieldPathId={fieldPathId} />
      <div className="sf-list-items">{items}</div>
      {canAdd && <AddButton id={buttonId(fieldPathId, 'add')} className="sf-add" onClick={onAddClick} disabled={disabled || readonly} uiSchema={uiSchema} registry={registry} />}
    </fieldset>
  );
}
