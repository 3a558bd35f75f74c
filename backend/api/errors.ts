import type { FastifyError, FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { classifyDatabaseError, DatabaseUnavailableError } from '../storage/errors';

/** An error meant for the client: its code and message are part of the API. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const notFound = (what: string) => new ApiError(404, 'not_found', `${what} not found`);
export const forbidden = (message: string) => new ApiError(403, 'forbidden', message);
export const conflict = (code: string, message: string) => new ApiError(409, code, message);

export function describeIssues(issues: readonly z.core.$ZodIssue[]): { path: string; message: string }[] {
  return issues.slice(0, 20).map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
}

/** Validates a request part, turning every problem into one 400 that lists them. */
export function parseOr400<S extends z.ZodType>(schema: S, value: unknown, what = 'body'): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const details = describeIssues(result.error.issues);
  const summary = details.map((d) => `${d.path}: ${d.message}`).join('; ');
  throw new ApiError(400, 'invalid_request', `Invalid ${what}: ${summary}`, details);
}

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** Maps every failure to `{error: {code, message}}` so clients never see a stack trace. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({
      error: { code: 'not_found', message: `No route for ${request.method} ${request.url.split('?')[0]}` },
    } satisfies ErrorBody);
  });

  app.setErrorHandler((rawError: FastifyError, request, reply) => {
    const error = classifyDatabaseError(rawError);
    if (error instanceof ApiError) {
      reply.code(error.statusCode).send({
        error: {
          code: error.code,
          message: error.message,
          ...(error.details ? { details: error.details } : {}),
        },
      } satisfies ErrorBody);
      return;
    }
    if (error instanceof DatabaseUnavailableError) {
      request.log.warn({ err: rawError }, 'database unavailable');
      reply
        .code(503)
        .header('retry-after', '1')
        .send({
          error: {
            code: error.reason === 'busy' ? 'database_busy' : 'database_unavailable',
            message: error.message,
          },
        } satisfies ErrorBody);
      return;
    }
    const status = rawError.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const code =
        status === 413
          ? 'payload_too_large'
          : status === 415
            ? 'unsupported_media_type'
            : rawError.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || rawError instanceof SyntaxError
              ? 'invalid_json'
              : 'bad_request';
      reply.code(status).send({ error: { code, message: rawError.message } } satisfies ErrorBody);
      return;
    }
    request.log.error({ err: rawError }, 'unhandled error');
    reply
      .code(500)
      .send({ error: { code: 'internal', message: 'Internal server error' } } satisfies ErrorBody);
  });
}
