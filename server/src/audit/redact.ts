const SECRET_KEY = /password|token|secret|hash/i;

/** Copies a value for the audit trail with every secret-looking field replaced. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, v]) => [key, SECRET_KEY.test(key) ? '[REDACTED]' : redact(v)]),
    );
  }
  return value;
}
