/** @module The platform's error type and its JSON body. */
import type { ErrorBody } from '@mashang/sdk';

type ErrorType = ErrorBody['error']['type'];

const STATUS: Record<ErrorType, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  permission_error: 403,
  not_found: 404,
  conflict: 409,
  idempotency_error: 409,
  rate_limit_error: 429,
  api_error: 500,
};

/** Thrown anywhere in a request; the error handler turns it into the documented body. */
export class HttpError extends Error {
  readonly status: number;
  readonly type: ErrorType;
  readonly code: string;
  readonly param: string | undefined;
  readonly headers: Record<string, string>;

  constructor(type: ErrorType, code: string, message: string, options: { param?: string | undefined; status?: number; headers?: Record<string, string> } = {}) {
    super(message);
    this.type = type;
    this.code = code;
    this.param = options.param;
    this.status = options.status ?? STATUS[type];
    this.headers = options.headers ?? {};
  }

  body(requestId: string): ErrorBody {
    return {
      error: {
        type: this.type,
        code: this.code,
        message: this.message,
        ...(this.param ? { param: this.param } : {}),
        request_id: requestId,
      },
    };
  }
}

/** 400 for one parameter. */
export function invalid(param: string | undefined, code: string, message: string): HttpError {
  return new HttpError('invalid_request_error', code, message, { param });
}

/** 404 for an object that does not exist or is not visible to the caller. */
export function notFound(kind: string, id: string, param = 'id'): HttpError {
  return new HttpError('not_found', 'resource_missing', `No such ${kind}: '${id}'`, { param });
}
