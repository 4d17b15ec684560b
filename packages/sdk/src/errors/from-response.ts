/** @module The one mapping from an HTTP error answer to its error class. */
import {
  ApiError,
  AuthenticationError,
  ConflictError,
  IdempotencyError,
  InternalServerError,
  InvalidRequestError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  type ApiErrorInit,
  type ApiErrorType,
} from './api-error.js';

const BY_TYPE: Record<ApiErrorType, new (init: ApiErrorInit) => ApiError> = {
  invalid_request_error: InvalidRequestError,
  authentication_error: AuthenticationError,
  permission_error: PermissionError,
  not_found: NotFoundError,
  conflict: ConflictError,
  idempotency_error: IdempotencyError,
  rate_limit_error: RateLimitError,
  api_error: InternalServerError,
};

function typeForStatus(status: number): ApiErrorType {
  if (status === 400 || status === 413 || status === 422) return 'invalid_request_error';
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rate_limit_error';
  return 'api_error';
}

/**
 * Builds the error for a non-2xx answer. The body's `error.type` decides the class;
 * when the body is not ours (a proxy's HTML page, say), the status does.
 * @category Errors
 */
export function errorFromResponse(status: number, body: unknown, headers?: Headers): ApiError {
  const error = (body as { error?: Record<string, unknown> } | undefined)?.error;
  const requestId = headers?.get('request-id') ?? undefined;
  if (error && typeof error === 'object' && typeof error['type'] === 'string' && error['type'] in BY_TYPE) {
    const type = error['type'] as ApiErrorType;
    return new BY_TYPE[type]({
      status,
      type,
      code: typeof error['code'] === 'string' ? error['code'] : type,
      message: typeof error['message'] === 'string' ? error['message'] : `HTTP ${status}`,
      param: typeof error['param'] === 'string' ? error['param'] : undefined,
      requestId: typeof error['request_id'] === 'string' ? error['request_id'] : requestId,
      headers,
    });
  }
  const type = typeForStatus(status);
  return new BY_TYPE[type]({
    status,
    type,
    code: `http_${status}`,
    message: `The platform answered HTTP ${status} without a Mashang error body${typeof body === 'string' && body ? `: ${body.slice(0, 200)}` : ''}`,
    requestId,
    headers,
  });
}
