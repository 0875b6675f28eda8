import { errorId, type FieldErrorProps } from '@rjsf/utils';

/** The errors of one field, in red directly under it (client-side checks and the host's answer alike). */
export function FieldErrorTemplate({ errors, fieldPathId }: FieldErrorProps) {
  const shown = (errors ?? []).filter(Boolean);
  if (shown.length === 0) return null;
  return (
    <ul id={errorId(fieldPathId)} className="sf-errors" data-testid="field-errors">
      {shown.map((error, i) => (
        <li key={i}>{error}</li>
      ))}
    </ul>
  );
}
