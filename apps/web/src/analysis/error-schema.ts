import type { ErrorSchema } from '@rjsf/utils';
import type { FieldProblem } from '../api/problem';

// Maps field errors with JSON pointers (`/ri`, `/mask/0/x`) to rjsf's `extraErrors`
// (`{ ri: { __errors: ['…'] } }`). Pure.

/** The segments of a JSON pointer (RFC 6901), unescaped; `''` and `'/'` are the root. */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return [];
  const body = pointer.startsWith('/') ? pointer.slice(1) : pointer;
  return body.split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

type Node = { __errors?: string[]; [key: string]: unknown };

export function toErrorSchema(errors: readonly FieldProblem[]): ErrorSchema {
  const root: Node = {};
  for (const { path, message } of errors) {
    let node = root;
    for (const segment of pointerSegments(path)) {
      const next = (node[segment] as Node | undefined) ?? {};
      node[segment] = next;
      node = next;
    }
    node.__errors = [...(node.__errors ?? []), message];
  }
  return root as ErrorSchema;
}

/** rjsf's client-side error property (`.ri`, `.mask.0`, `['a b']`) as a JSON pointer. */
export function propertyToPointer(property: string | undefined): string {
  if (!property) return '/';
  const parts = property.match(/[^.[\]'"]+/g) ?? [];
  return parts.length === 0 ? '/' : '/' + parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}
