import { describe, expect, it } from 'vitest';
import { provisionalPolicy, validatePolicy } from '../../src/core/policy';
import { policyFromServer } from '../../src/core/server-policy';
import { IdlePolicyError } from '../../src/errors/idle-policy-error';

const MIN = 60_000;

describe('validatePolicy', () => {
  it.each([
    ['5 min', 5 * MIN],
    ['8 h', 480 * MIN],
    ['30 min', 30 * MIN],
  ])('accepts %s', (_, timeoutMs) => {
    expect(validatePolicy({ timeoutMs })).toEqual({ timeoutMs, warnBeforeMs: MIN, enabled: true, aheadMs: 0 });
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

describe('group timeouts (inactivityTimeoutGroupBundles), as the server computes them', () => {
  const server = {
    enableIdleTokenTimeout: true,
    idleTokenTimeoutSeconds: 900,
    inactivityTimeoutGroupsEnabled: true,
    inactivityTimeoutGroupBundles: [
      { priority: 2, timeoutSeconds: 3600, groups: ['monitoring'] },
      { priority: 1, timeoutSeconds: 1800, groups: ['reporting'] },
    ],
  };

  it('the bundle with the lowest priority number wins; no match is the org default', () => {
    expect(policyFromServer(server, {}, ['monitoring']).timeoutMs).toBe(3600_000);
    expect(policyFromServer(server, {}, ['monitoring', 'reporting']).timeoutMs).toBe(1800_000);
    expect(policyFromServer(server, {}, ['sales']).timeoutMs).toBe(900_000);
    expect(policyFromServer(server, {}, []).timeoutMs).toBe(900_000);
  });

  it('groups unknown (not answered yet, or failed): the shortest timeout that may apply holds', () => {
    expect(policyFromServer(server, {}).timeoutMs).toBe(900_000);
    const longDefault = { ...server, idleTokenTimeoutSeconds: 7200 };
    expect(policyFromServer(longDefault, {}).timeoutMs).toBe(1800_000);
  });

  it('groups disabled: bundles are ignored', () => {
    expect(policyFromServer({ ...server, inactivityTimeoutGroupsEnabled: false }, {}, ['monitoring']).timeoutMs).toBe(900_000);
  });

  it('HIPAA caps every bundle at 15 minutes: a longer one is refused like an org default would be', () => {
    expect(() => policyFromServer(server, { hipaa: true }, ['monitoring'])).toThrow(/hipaa/);
    expect(policyFromServer(server, { hipaa: true }, ['sales']).timeoutMs).toBe(900_000);
  });

  it('a malformed bundle is refused, naming it', () => {
    expect(() => policyFromServer({ ...server, inactivityTimeoutGroupBundles: [{ priority: 1 } as never] }, {}, [])).toThrow(IdlePolicyError);
    expect(() => policyFromServer({ ...server, inactivityTimeoutGroupBundles: [{ priority: 1 } as never] }, {}, [])).toThrow('inactivityTimeoutGroupBundles');
  });
});
