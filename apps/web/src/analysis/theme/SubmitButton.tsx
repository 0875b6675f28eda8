import { getSubmitButtonOptions, type SubmitButtonProps } from '@rjsf/utils';
import type { AnalysisFormContext } from './form-context';

/**
 * The form's primary button in the app's style ("Run analysis"), with the errors that belong
 * to no visible field listed just above it so that none is lost. Text and `disabled` come
 * from `ui:submitButtonOptions`.
 */
export function SubmitButton({ uiSchema, registry }: SubmitButtonProps) {
  const { submitText, norender, props: buttonProps = {} } = getSubmitButtonOptions(uiSchema);
  if (norender) return null;
  const problems = (registry.formContext as AnalysisFormContext | undefined)?.problems ?? [];
  return (
    <div className="sf-submit">
      {problems.length > 0 && (
        <ul className="form-errors" role="alert" data-testid="form-errors">
          {problems.map((p, i) => (
            <li key={i}>
              {p.path && p.path !== '/' ? <code>{p.path}</code> : null} {p.message}
            </li>
          ))}
        </ul>
      )}
      <button type="submit" data-testid="run-analysis" {...buttonProps} className={`btn-primary run-button ${buttonProps.className ?? ''}`}>
        {submitText}
      </button>
    </div>
  );
}
