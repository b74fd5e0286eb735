/** Stable error codes that cross IPC and the CLI's `--json` as `{ code, message }`. */
export const ERROR_CODES = [
  'ERR_VALIDATION',
  'ERR_UNKNOWN_CHANNEL',
  'ERR_FORBIDDEN_SENDER',
  'ERR_INTERNAL',
  'ERR_CANCELLED',
  'ERR_VAULT_NOT_FOUND',
  'ERR_VAULT_EXISTS',
  'ERR_VAULT_LOCKED',
  'ERR_VAULT_CORRUPT',
  'ERR_VAULT_TAMPERED',
  'ERR_VAULT_UNSUPPORTED',
  'ERR_VAULT_CHANGED_ON_DISK',
  'ERR_VAULT_ROLLBACK',
  'ERR_VAULT_SEEN_INVALID',
  'ERR_VAULT_BUSY',
  'ERR_BAD_PASSPHRASE',
  'ERR_WEAK_PASSPHRASE',
  'ERR_NO_PASSPHRASE_SLOT',
  'ERR_OS_SLOT_UNAVAILABLE',
  'ERR_OS_SLOT_INSECURE',
  'ERR_OS_BACKEND_CHANGED',
  'ERR_OS_SLOT_MISSING',
  'ERR_LAST_SLOT',
  'ERR_ENTRY_NOT_FOUND',
  'ERR_ENTRY_AMBIGUOUS',
  'ERR_DUPLICATE_LABEL',
  'ERR_CREDENTIALS_INVALID',
  'ERR_BACKUP_INVALID',
  'ERR_IMPORT_EXPIRED',
  'ERR_FILE',
  'ERR_SIGNING_INPUT',
  'ERR_DEBUG_INPUT',
  'ERR_UNKNOWN_SCHEME',
  'ERR_HOST_NOT_ALLOWED',
  'ERR_NETWORK',
  'ERR_TIMEOUT',
  'ERR_RATE_LIMITED',
  'ERR_SANDBOX_UNAVAILABLE',
  'ERR_RECORD_NOT_FOUND',
  'ERR_ROTATION_STATE',
  'ERR_ROTATION_CONFLICT',
  'ERR_ROTATION_FAILED',
  'ERR_SCAN_BUSY',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** What crosses a process boundary when something fails. Never a stack trace. */
export interface ErrorDto {
  readonly code: ErrorCode;
  readonly message: string;
}

/** Every IPC call resolves to one of these; the renderer's ipc layer unwraps it. */
export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ErrorDto };
