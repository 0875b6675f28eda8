import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { isStemflowError } from '@stemflow/plugin-sdk';
import { codeForStatus, problem, sendProblem, statusForCode, type Problem } from './problem';

/**
 * The one place errors become HTTP responses: StemflowError codes, Nest HttpExceptions (an
 * unknown route) and body-parser errors turn into `application/problem+json`; anything else
 * is a 500 whose stack goes to the log, never to the client.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  /** `maxBodyBytes`: the JSON body limit, named in the 413 message. */
  constructor(private readonly limits: { maxBodyBytes?: number } = {}) {}

  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return;
    const res = host.switchToHttp().getResponse<ServerResponse>();
    if (res.headersSent) {
      res.destroy();
      return;
    }
    sendProblem(res, this.toProblem(error));
  }

  toProblem(error: unknown): Problem {
    if (isStemflowError(error)) {
      const status = statusForCode(error.code);
      if (status >= 500) this.logger.error(`${error.code}: ${error.message}`, error.stack);
      return problem(status, error.code, error.message, error.errors);
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      return problem(status, codeForStatus(status), httpDetail(error));
    }
    // Errors raised by Express middleware (body-parser: 400 bad JSON, 413 too large) carry a status.
    const e = error as { status?: unknown; statusCode?: unknown; expose?: unknown; message?: unknown };
    const status = typeof e?.status === 'number' ? e.status : typeof e?.statusCode === 'number' ? e.statusCode : undefined;
    if (status !== undefined && status >= 400 && status < 500 && e.expose !== false) {
      const detail = status === 413 ? tooLarge(this.limits.maxBodyBytes) : String(e.message ?? 'bad request');
      return problem(status, codeForStatus(status), detail);
    }
    this.logger.error(`unexpected error: ${(error as Error)?.message ?? String(error)}`, (error as Error)?.stack);
    return problem(500, 'INTERNAL', 'internal server error; the server log has the details');
  }
}

function tooLarge(limit: number | undefined): string {
  if (limit === undefined) return 'the request body is too large';
  const size = limit >= 2 ** 20 ? `${+(limit / 2 ** 20).toFixed(1)} MiB` : limit >= 1024 ? `${+(limit / 1024).toFixed(1)} KiB` : `${limit} bytes`;
  return `the request body is too large: the limit is ${size} (${limit} bytes); raise "limits.bodyBytes" in the server's config.json if you need more`;
}

function httpDetail(error: HttpException): string {
  const response = error.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  if (typeof message === 'string') return withoutQuery(message);
  return error.message;
}

/** Nest's "Cannot GET /api/x?token=…" would echo the token: keep only the path. */
function withoutQuery(message: string): string {
  const route = /^Cannot (\w+) ([^?\s]*)\?\S*$/.exec(message);
  return route ? `Cannot ${route[1]} ${route[2]}` : message;
}
