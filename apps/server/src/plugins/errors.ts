import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import type { ApiErrorBody, FieldIssue } from '@grip/contracts/common';

/** The one error type for operational errors. Services throw it; the handler below maps it to JSON. */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} not found`, 404);

function send(status: number, code: string, message: string, details?: unknown): { status: number; body: ApiErrorBody } {
  return { status, body: { error: details === undefined ? { code, message } : { code, message, details } } };
}

/** Maps any thrown value to the JSON error shape. 5xx details are logged, never sent. */
export function toErrorResponse(error: unknown): { status: number; body: ApiErrorBody } {
  if (error instanceof AppError) return send(error.status, error.code, error.message, error.details);
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = (error as { validationContext?: string }).validationContext ?? 'body';
    const fields: FieldIssue[] = error.validation.map((v) => {
      const sub = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
      return { field: sub ? `${context}.${sub}` : context, message: v.message ?? 'is invalid' };
    });
    const summary = fields.map((f) => `${f.field}: ${f.message}`).join('; ');
    return send(400, 'validation_failed', `Invalid request — ${summary}`, { fields });
  }
  const fe = error as Partial<FastifyError>;
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500 && !isResponseSerializationError(error)) {
    const code = fe.statusCode === 429 ? 'rate_limited' : fe.code ? fe.code.replace(/^FST_ERR_/, '').toLowerCase() : 'bad_request';
    return send(fe.statusCode, code, fe.message ?? 'Bad request');
  }
  return send(500, 'internal_error', 'Something went wrong on our side. The error was logged with this request id.');
}

export default fp(
  async function errorsPlugin(app: FastifyInstance) {
    app.setErrorHandler((error, request, reply) => {
      const { status, body } = toErrorResponse(error);
      if (status >= 500) request.log.error({ err: error }, 'request failed');
      else request.log.info({ code: body.error.code, status }, 'request rejected');
      if (status === 500) body.error.details = { requestId: request.id };
      return reply.status(status).send(body);
    });
  },
  { name: 'errors' },
);
