import type { FieldProblem } from '../../api/problem';

/** What the analysis form hands its theme through rjsf's `formContext`. */
export interface AnalysisFormContext {
  /** Errors that belong to no visible field (the root, a hidden or unknown field): listed above the button. */
  problems: FieldProblem[];
}
