/** @module Errors raised before an answer arrived, or when an answer is not what the contract says. */
import { MashangError } from './mashang-error.js';

/** The request never got an answer (DNS, refused connection, reset). Safe to retry. @category Errors */
export class ConnectionError extends MashangError {
  override name = 'ConnectionError';
}

/** No answer within the configured `timeout`. @category Errors */
export class TimeoutError extends MashangError {
  override name = 'TimeoutError';
}

/** One problem found while validating a value. @category Errors */
export interface ValidationIssue {
  /** Dotted path of the field, empty for the value itself. */
  path: string;
  message: string;
}

/**
 * A value did not match its schema: either arguments passed to the SDK
 * (caught before anything is sent) or a platform answer that breaks the contract.
 * @category Errors
 */
export class ValidationError extends MashangError {
  override name = 'ValidationError';
  readonly issues: readonly ValidationIssue[];

  constructor(message: string, issues: readonly ValidationIssue[]) {
    super(`${message}: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`);
    this.issues = issues;
  }
}

/** The SDK was configured in a way that is unsafe or cannot work. @category Errors */
export class ConfigurationError extends MashangError {
  override name = 'ConfigurationError';
}
