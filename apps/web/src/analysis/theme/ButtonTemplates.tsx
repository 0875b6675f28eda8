import { TranslatableString, type IconButtonProps } from '@rjsf/utils';

// The list and object buttons as small text-glyph buttons in the app's style (rjsf's core
// theme expects Bootstrap's icon font, which the app does not load).

function GlyphButton({ glyph, className, uiSchema: _uiSchema, registry: _registry, iconType: _iconType, icon: _icon, ...button }: IconButtonProps & { glyph: string }) {
  return (
    <button type="button" className={`btn-small sf-icon-button ${className ?? ''}`} {...button}>
      <span aria-hidden="true">{glyph}</span>
    </button>
  );
}

const titled = (text: TranslatableString, glyph: string, extra = '') =>
  function TitledButton(props: IconButtonProps) {
    const title = props.registry.translateString(text);
    return <GlyphButton title={title} aria-label={title} {...props} className={`${extra} ${props.className ?? ''}`} glyph={glyph} />;
  };

export const MoveUpButton = titled(TranslatableString.MoveUpButton, '↑');
export const MoveDownButton = titled(TranslatableString.MoveDownButton, '↓');
export const CopyButton = titled(TranslatableString.CopyButton, '⧉');
export const RemoveButton = titled(TranslatableString.RemoveButton, '✕', 'sf-danger');
export const ClearButton = titled(TranslatableString.ClearButton, '✕');

/** "+ Add" under a list. */
export function AddButton({ id, className, onClick, disabled, registry }: IconButtonProps) {
  return (
    <button type="button" id={id} className={`btn-small sf-add-button ${className ?? ''}`} onClick={onClick} disabled={disabled} title={registry.translateString(TranslatableString.AddButton)}>
      + {registry.translateString(TranslatableString.AddButton)}
    </button>
  );
}
