/**
 * The sandbox exchange's HTTP errors: a stable snake_case `code` (the wire contract, docs/sandbox.md) with its HTTP
 * status, and a message that says what was wrong and what to check. These are API responses, not Signet-internal
 * failures, so they carry their own codes rather than contract/errors.ts's ERR_* (those remain for startSandbox's
 * own failures: bad options, an unreadable state file).
 */

export const SANDBOX_ERROR_STATUS = {
  malformed_authorization: 401,
  unknown_key: 401,
  key_revoked: 401,
  key_expired: 401,
  invalid_signature: 401,
  timestamp_skew: 401,
  replayed_nonce: 401,
  insufficient_scope: 403,
  rate_limited: 429,
  bad_request: 400,
  insufficient_funds: 400,
  not_found: 404,
  request_timeout: 408,
  misdirected_request: 421,
  payload_too_large: 413,
  unsupported_media_type: 415,
  headers_too_large: 431,
  internal: 500,
} as const;

export type SandboxErrorCode = keyof typeof SANDBOX_ERROR_STATUS;

export class SandboxError extends Error {
  readonly status: number;
  constructor(
    readonly code: SandboxErrorCode,
    message: string,
    /** Seconds, for 429 (sent as Retry-After). */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'SandboxError';
    this.status = SANDBOX_ERROR_STATUS[code];
  }
  toJSON(): { code: SandboxErrorCode; message: string } {
    return { code: this.code, message: this.message };
  }
}
