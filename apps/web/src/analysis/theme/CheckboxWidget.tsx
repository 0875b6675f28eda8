import { ariaDescribedByIds, labelValue, type WidgetProps } from '@rjsf/utils';

/** A checkbox with its label on the same line (booleans have no label above them). */
export function CheckboxWidget({ id, htmlName, value, disabled, readonly, autofocus, label, hideLabel, onChange, onBlur, onFocus }: WidgetProps) {
  return (
    <label className="sf-check" htmlFor={id}>
      <input
        type="checkbox"
        id={id}
        name={htmlName || id}
        checked={value === true}
        disabled={disabled || readonly}
        autoFocus={autofocus}
        aria-describedby={ariaDescribedByIds(id)}
        onChange={(e) => onChange(e.target.checked)}
        onBlur={(e) => onBlur(id, e.target.checked)}
        onFocus={(e) => onFocus(id, e.target.checked)}
      />
      <span>{labelValue(label, hideLabel, false)}</span>
    </label>
  );
}
