import { getTemplate, getUiOptions, type ArrayFieldItemTemplateProps } from '@rjsf/utils';

/**
 * One item of a list: its fields, and its move and remove buttons at the top right (on the
 * line of the item's title when the item is an object, beside the input otherwise).
 */
export function ArrayFieldItemTemplate(props: ArrayFieldItemTemplateProps) {
  const { children, buttonsProps, hasToolbar, registry, uiSchema, schema } = props;
  const Buttons = getTemplate('ArrayFieldItemButtonsTemplate', registry, getUiOptions(uiSchema));
  const objectItem = schema.type === 'object';
  return (
    <div className={`sf-list-item ${objectItem ? 'sf-list-item-object' : ''}`}>
      <div className="sf-list-item-body">{children}</div>
      {hasToolbar && (
        <div className="sf-list-tools">
          <Buttons {...buttonsProps} />
        </div>
      )}
    </div>
  );
}
