import { z } from 'zod';
import { apiErrorSchema, fieldIssueSchema, type FieldIssue } from '@grip/contracts/common';

/** Every failed API call, whatever went wrong: HTTP error, unreachable server, or a body that breaks the contract. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly code: string;
  readonly fields: FieldIssue[] | undefined;
  /** The error's `details` as sent (e.g. `current` of a 409 version_conflict); unknown until checked. */
  readonly details: unknown;

  constructor(status: number, code: string, message: string, fields?: FieldIssue[], details?: unknown) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.details = details;
  }

  /** Worth retrying: the server could not be reached or failed on its side. 4xx answers will not change. */
  get isTransient(): boolean {
    return this.status === 0 || this.status >= 500;
  }
}

export const isApiError = (error: unknown): error is ApiError => error instanceof ApiError;

type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiFetchOptions<S extends z.ZodType> {
  /** Parses the success body; its output is what apiFetch resolves to. */
  schema: S;
  method?: HttpMethod;
  /** Sent as JSON. */
  body?: unknown;
  /** Non-2xx statuses whose body is still data for this call (e.g. 503 from /health/ready). */
  okStatuses?: readonly number[];
  signal?: AbortSignal;
}

const detailsWithFields = z.object({ fields: z.array(fieldIssueSchema) });

/** A response text as JSON when it is JSON, else the text itself (undefined when empty). */
export function parseJsonText(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

async function readJson(response: Response): Promise<unknown> {
  return parseJsonText(await response.text());
}

/** The ApiError of a failed answer's parsed body (also for answers that did not come through apiFetch, e.g. uploads). */
export function toApiError(status: number, statusText: string, body: unknown): ApiError {
  const parsed = apiErrorSchema.safeParse(body);
  if (!parsed.success) {
    // Not our error shape: a proxy page, an empty 502, ...
    return new ApiError(status, 'http_error', statusText || `Request failed with status ${status}`);
  }
  const { code, message, details } = parsed.data.error;
  const fields = detailsWithFields.safeParse(details);
  return new ApiError(status, code, message, fields.success ? fields.data.fields : undefined, details);
}

/** The one way the web app talks to the API: JSON in, contract-checked JSON out, ApiError on any failure. */
export async function apiFetch<S extends z.ZodType>(path: string, options: ApiFetchOptions<S>): Promise<z.output<S>> {
  const { schema, method = 'GET', body, okStatuses = [], signal } = options;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal,
    });
  } catch (error) {
    // Cancellation is not a failure: let TanStack Query (or the caller) see the AbortError as is.
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network_error', 'Cannot reach the server. Check your connection and try again.');
  }

  const data = await readJson(response);
  if (!response.ok && !okStatuses.includes(response.status)) {
    throw toApiError(response.status, response.statusText, data);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    throw new ApiError(response.status, 'invalid_response', `Unexpected response from ${method} ${path}`);
  }
  return parsed.data;
}
