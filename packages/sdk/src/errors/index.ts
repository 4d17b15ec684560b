/** @module Error classes thrown by the SDK. */
export { MashangError, isMashangError } from './mashang-error.js';
export {
  ApiError,
  isApiError,
  InvalidRequestError,
  AuthenticationError,
  PermissionError,
  NotFoundError,
  ConflictError,
  IdempotencyError,
  RateLimitError,
  InternalServerError,
  type ApiErrorType,
  type ApiErrorInit,
} from './api-error.js';
export { ConnectionError, TimeoutError, ValidationError, ConfigurationError, type ValidationIssue } from './transport-errors.js';
export { errorFromResponse } from './from-response.js';
