import { describe, expect, it } from 'vitest';
import { policyFromServer, provisionalPolicy, validatePolicy } from '../../src/core/policy';
import { IdlePolicyError } from '../../src/errors/idle-policy-error';

const MIN = 60_000;

describe('validatePolicy', () => {
  it.each([
    ['5 min', 5 * MIN],
    ['8 h', 480 * MIN],
    ['30 min', 30 * MIN],
  ])('accepts %s', (_, timeoutMs) => {
    expect(validatePolicy({ timeoutMs })).toEqual({ timeoutMs, warnBeforeMs: MIN, enabled: true });
  });

  it.each([
    ['below 5 min', { timeoutMs: 5 * MIN - 1 }, 'timeoutMs'],
    ['above 8 h', { timeoutMs: 480 * MIN + 1 }, 'timeoutMs'],
    ['NaN', { timeoutMs: NaN }, 'timeoutMs'],
    ['a string', { timeoutMs: '900000' as unknown as number }, 'timeoutMs'],
    ['HIPAA above 15 min', { timeoutMs: 16 * MIN, hipaa: true }, 'timeoutMs (hipaa)'],
    ['a warning under 20 s', { timeoutMs: 10 * MIN, warnBeforeMs: 19_999 }, 'warnBeforeMs'],
    ['a warning as long as the timeout', { timeoutMs: 10 * MIN, warnBeforeMs: 10 * MIN }, 'warnBeforeMs'],
  ])('rejects %s, naming the field, the value and the range', (_, input, field) => {
    const error = (() => {
      try {
        validatePolicy(input);
      } catch (e) {
        return e as IdlePolicyError;
      }
    })();
    expect(error).toBeInstanceOf(IdlePolicyError);
    expect(error!.field).toBe(field);
    expect(error!.message).toContain(field);
    expect(error!.message).toContain(String((input as Record<string, unknown>)[field.split(' ')[0]]));
    expect(error!.message).toMatch(/from \d+ \(.+\) to \d+ \(.+\)/);
  });

  it('allows 15 min under HIPAA', () => {
    expect(validatePolicy({ timeoutMs: 15 * MIN, hipaa: true }).timeoutMs).toBe(15 * MIN);
  });

  it('lowers the bounds only with unsafeShortTimeouts', () => {
    expect(validatePolicy({ timeoutMs: 10_000, warnBeforeMs: 5_000, unsafeShortTimeouts: true }).timeoutMs).toBe(10_000);
    expect(() => validatePolicy({ timeoutMs: 10_000, warnBeforeMs: 5_000 })).toThrow(IdlePolicyError);
  });
});

describe('policyFromServer', () => {
  it("reads the server's idleTokenTimeoutSeconds", () => {
    expect(policyFromServer({ enableIdleTokenTimeout: true, idleTokenTimeoutSeconds: 900 }, {}).timeoutMs).toBe(15 * MIN);
  });
  it('a disabled org timeout means no idle logout', () => {
    expect(policyFromServer({ enableIdleTokenTimeout: false }, {}).enabled).toBe(false);
  });
  it('validates what the server said like any other value', () => {
    expect(() => policyFromServer({ idleTokenTimeoutSeconds: 60 }, {})).toThrow(/timeoutMs/);
    expect(() => policyFromServer({ idleTokenTimeoutSeconds: 1800 }, { hipaa: true })).toThrow(/hipaa/);
    expect(() => policyFromServer({} as never, {})).toThrow(/idleTokenTimeoutSeconds/);
  });
  it('accepts plain milliseconds', () => {
    expect(policyFromServer(20 * MIN, {}).timeoutMs).toBe(20 * MIN);
  });
});

describe('provisionalPolicy', () => {
  it('assumes the shortest legal timeout until the server answers (fail closed)', () => {
    expect(provisionalPolicy({}).timeoutMs).toBe(5 * MIN);
  });
});
