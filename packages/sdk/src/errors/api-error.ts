/** @module Errors carrying an HTTP answer from the platform. */
import { MashangError } from './mashang-error.js';

/** The `error.type` values the platform uses. @category Errors */
export type ApiErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found'
  | 'conflict'
  | 'idempotency_error'
  | 'rate_limit_error'
  | 'api_error';

/** Fields of an error body, `{ error: { … } }`, as the platform sends it. @category Errors */
export interface ApiErrorInit {
  status: number;
  type: ApiErrorType;
  code: string;
  message: string;
  param?: string | undefined;
  requestId?: string | undefined;
  headers?: Headers | undefined;
}

const API_BRAND = Symbol.for('mashang.api_error');

/**
 * The platform answered with an error status. Subclasses narrow it by `type`.
 * @category Errors
 */
export class ApiError extends MashangError {
  override name = 'ApiError';
  /** @internal */
  readonly [API_BRAND] = true;
  /** HTTP status code. */
  readonly status: number;
  /** Broad class of the error, e.g. `invalid_request_error`. */
  readonly type: ApiErrorType;
  /** Stable machine-readable code, e.g. `parameter_invalid`. */
  readonly code: string;
  /** The request field at fault, as a dotted path (`business.uscc`), when there is one. */
  readonly param: string | undefined;
  /** The platform's request id; quote it when asking for support. */
  readonly requestId: string | undefined;
  /** Response headers. */
  readonly headers: Headers | undefined;

  constructor(init: ApiErrorInit) {
    super(init.requestId ? `${init.message} (request ${init.requestId})` : init.message);
    this.status = init.status;
    this.type = init.type;
    this.code = init.code;
    this.param = init.param;
    this.requestId = init.requestId;
    this.headers = init.headers;
  }
}

/** True when `value` is an {@link ApiError}, also across realms. @category Errors */
export function isApiError(value: unknown): value is ApiError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[API_BRAND] === true;
}

/** 400: the request is malformed or a parameter is invalid. @category Errors */
export class InvalidRequestError extends ApiError {
  override name = 'InvalidRequestError';
}
/** 401: the API key is missing, malformed, unknown or revoked. @category Errors */
export class AuthenticationError extends ApiError {
  override name = 'AuthenticationError';
}
/** 403: the key is valid but may not do this. @category Errors */
export class PermissionError extends ApiError {
  override name = 'PermissionError';
}
/** 404: no such resource, or not visible to this key. @category Errors */
export class NotFoundError extends ApiError {
  override name = 'NotFoundError';
}
/** 409: the request conflicts with the resource's current state. @category Errors */
export class ConflictError extends ApiError {
  override name = 'ConflictError';
}
/** 409: an `Idempotency-Key` was reused with a different request. @category Errors */
export class IdempotencyError extends ApiError {
  override name = 'IdempotencyError';
}
/** 429: too many requests; see {@link RateLimitError.retryAfter}. @category Errors */
export class RateLimitError extends ApiError {
  override name = 'RateLimitError';
  /** Seconds the platform asked to wait, from `Retry-After`. */
  get retryAfter(): number | undefined {
    const value = this.headers?.get('retry-after');
    return value ? Number(value) : undefined;
  }
}
/** 5xx or an unexpected answer: the platform failed. @category Errors */
export class InternalServerError extends ApiError {
  override name = 'InternalServerError';
}
