import { ariaDescribedByIds, examplesId, getInputProps, type BaseInputTemplateProps } from '@rjsf/utils';
import type { ChangeEvent, FocusEvent } from 'react';
import { unitOf } from './field-kind';

/** The id of the unit beside an input: read by screen readers with the field ("12 px"). */
export const unitId = (id: string) => `${id}__unit`;

/**
 * The `<input>` behind the text and number widgets, with the field's unit (from `x-ui`) as a
 * suffix inside the same box. Number inputs keep rjsf's step/min/max from the schema.
 */
export function BaseInputTemplate(props: BaseInputTemplateProps) {
  const {
    id, htmlName, value, readonly, disabled, autofocus, onBlur, onFocus, onChange, onChangeOverride, options, schema, type, rawErrors, placeholder, required,
  } = props;
  const inputProps = getInputProps(schema, type, options);
  const numeric = inputProps.type === 'number' || inputProps.type === 'integer';
  const shown = numeric ? (value || value === 0 ? value : '') : (value ?? '');
  const unit = unitOf(options as Record<string, unknown>);
  const examples = Array.isArray(schema.examples) ? (schema.examples as unknown[]) : [];
  const describedBy = [ariaDescribedByIds(id, examples.length > 0), unit ? unitId(id) : ''].filter(Boolean).join(' ');
  const change = ({ target }: ChangeEvent<HTMLInputElement>) => onChange(target.value === '' ? options.emptyValue : target.value);
  return (
    <div className={`sf-input ${unit ? 'sf-has-unit' : ''}`}>
      <input
        id={id}
        name={htmlName || id}
        className="form-control"
        {...inputProps}
        value={shown as string | number}
        placeholder={placeholder}
        required={required}
        readOnly={readonly}
        disabled={disabled}
        autoFocus={autofocus}
        aria-invalid={(rawErrors?.length ?? 0) > 0 || undefined}
        aria-describedby={describedBy}
        list={examples.length > 0 ? examplesId(id) : undefined}
        onChange={onChangeOverride || change}
        onBlur={(e: FocusEvent<HTMLInputElement>) => onBlur(id, e.target.value)}
        onFocus={(e: FocusEvent<HTMLInputElement>) => onFocus(id, e.target.value)}
      />
      {unit && (
        <span className="sf-unit" id={unitId(id)}>
          {unit}
        </span>
      )}
      {examples.length > 0 && (
        <datalist id={examplesId(id)}>
          {examples.map((example) => (
            <option key={String(example)} value={String(example)} />
          ))}
        </datalist>
      )}
    </div>
  );
}
