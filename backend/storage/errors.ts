/** The database could not be reached or stayed locked; the request changed nothing and may be retried. */
export class DatabaseUnavailableError extends Error {
  constructor(
    message: string,
    readonly reason: 'busy' | 'unreachable',
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DatabaseUnavailableError';
  }
}

function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

export function isSqliteBusy(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || code?.startsWith('SQLITE_BUSY_') === true;
}

/** PostgreSQL deadlock and serialization failures: the whole transaction can simply run again. */
export function isRetryableConflict(error: unknown): boolean {
  const code = errorCode(error);
  return code === '40P01' || code === '40001';
}

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', '57P01', '57P03']);

/** Turns driver errors that mean "try again later" into DatabaseUnavailableError; others pass through. */
export function classifyDatabaseError(error: unknown): unknown {
  if (error instanceof DatabaseUnavailableError) return error;
  if (isSqliteBusy(error)) {
    return new DatabaseUnavailableError('The database is locked by another process; retry shortly.', 'busy', {
      cause: error,
    });
  }
  const code = errorCode(error);
  if (code && UNREACHABLE_CODES.has(code)) {
    return new DatabaseUnavailableError(
      `The database is unreachable (${code}); retry shortly.`,
      'unreachable',
      {
        cause: error,
      },
    );
  }
  return error;
}
