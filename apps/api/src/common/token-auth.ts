import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { problem, sendProblem } from './problem';

/**
 * Compare a presented token with the server's in constant time. Both are hashed first, so
 * neither the content nor the length of the secret leaks through timing.
 */
export function tokenMatches(presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false;
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** The token of a request: `Authorization: Bearer T`, else the `token` query parameter. */
export function tokenOf(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(.+)$/i.exec(header.trim());
    if (match) return match[1]!.trim();
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  return url.searchParams.get('token') ?? undefined;
}

/** Express middleware for /api: refuses every request without the right token (401 problem+json). */
export function tokenAuth(expected: string) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    if (tokenMatches(tokenOf(req), expected)) return next();
    res.setHeader('WWW-Authenticate', 'Bearer realm="stemflow"');
    sendProblem(
      res,
      problem(401, 'UNAUTHORIZED', 'this request needs the server token: send "Authorization: Bearer <token>" or add ?token=<token> (it is printed when the server starts)'),
    );
  };
}
