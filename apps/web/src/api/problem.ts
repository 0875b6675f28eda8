/** RFC 9457 problem details as the host sends them (`application/problem+json`). */
export interface FieldProblem {
  path: string;
  message: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  errors?: FieldProblem[];
}

function isFieldProblem(value: unknown): value is FieldProblem {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.path === 'string' && typeof v.message === 'string';
}

/** Reads a parsed JSON body as a problem, keeping only well-formed fields. */
export function toProblem(body: unknown): Problem | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const b = body as Record<string, unknown>;
  const text = (key: string) => (typeof b[key] === 'string' ? (b[key] as string) : undefined);
  const problem: Problem = {
    type: text('type'),
    title: text('title'),
    detail: text('detail') ?? text('message'),
    code: text('code'),
    status: typeof b.status === 'number' ? b.status : undefined,
  };
  if (Array.isArray(b.errors)) problem.errors = b.errors.filter(isFieldProblem);
  return problem;
}
