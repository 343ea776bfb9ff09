/** A timeout policy value outside what the API allows. Names the field so the caller can fix it. */
export class IdlePolicyError extends Error {
  override name = 'IdlePolicyError';
  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly range: string,
  ) {
    super(`idle-logout: ${field} must be ${range} (got ${String(value)})`);
  }
}
