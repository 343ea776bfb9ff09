import { describe, expect, it } from 'vitest';
import { isTokenLoggedOutError, TokenLoggedOutError } from '../../src/index';

// The wrapping shapes themselves come from the real clients in e2e/recipes*.spec.ts; here: the search's own rules.
describe('isTokenLoggedOutError', () => {
  const refusal = new TokenLoggedOutError('idle');

  it('is true for the error itself and for one found through cause, error and event links, at any depth', () => {
    expect(isTokenLoggedOutError(refusal)).toBe(true);
    const wrapped = new Error('outer', { cause: { error: { event: { error: refusal } } } });
    expect(isTokenLoggedOutError(wrapped)).toBe(true);
  });

  it("goes by the name, so another copy's class (not instanceof this one) is recognised", () => {
    class TokenLoggedOutErrorOfAnotherCopy extends Error {
      override name = 'TokenLoggedOutError';
    }
    const other = new TokenLoggedOutErrorOfAnotherCopy('refused');
    expect(other instanceof TokenLoggedOutError).toBe(false);
    expect(isTokenLoggedOutError(new Error('wrapped', { cause: other }))).toBe(true);
  });

  it('is false for other errors and values, and ends on a cyclic cause chain', () => {
    const a: { name: string; cause?: unknown } = { name: 'Error' };
    a.cause = { name: 'TypeError', cause: a };
    for (const v of [a, new Error('network'), new TypeError('Failed to fetch'), null, undefined, 'TokenLoggedOutError', 0]) {
      expect(isTokenLoggedOutError(v)).toBe(false);
    }
  });
});
