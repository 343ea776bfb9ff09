import { describe, expect, it } from 'vitest';
import { checkBundles } from '../server/bundles.mjs';

const RANGE = { min: 300, max: 28_800 };
const bundle = (extra = {}) => ({ priority: 1, timeoutSeconds: 3600, groups: ['monitoring'], ...extra });
/** The field a refusal names, or 'ok'. */
const field = (value, range = RANGE) => {
  const checked = checkBundles(value, range);
  return checked.ok ? 'ok' : checked.field;
};

describe('checkBundles', () => {
  it('accepts up to five bundles and returns clean copies', () => {
    const five = [1, 2, 3, 4, 5].map((priority) => bundle({ priority, groups: [`g${priority}`] }));
    const checked = checkBundles(five, RANGE);
    expect(checked).toEqual({ ok: true, value: five });
    expect(checked.ok && checked.value[0]).not.toBe(five[0]);
    expect(checkBundles([], RANGE)).toEqual({ ok: true, value: [] });
  });

  it('keeps the display unit when given, and only Minutes or Hours', () => {
    expect(checkBundles([bundle({ inactivityTimeoutUnit: 'Hours' })], RANGE)).toMatchObject({
      ok: true,
      value: [{ inactivityTimeoutUnit: 'Hours' }],
    });
    expect(checkBundles([bundle()], RANGE)).toEqual({ ok: true, value: [bundle()] });
    expect(checkBundles([bundle({ inactivityTimeoutUnit: 'Seconds' })], RANGE)).toEqual({
      ok: false,
      field: 'inactivityTimeoutGroupBundles[0].inactivityTimeoutUnit',
      message: 'inactivityTimeoutGroupBundles[0].inactivityTimeoutUnit must be "Minutes" or "Hours" (got "Seconds")',
    });
  });

  it('refuses a non-array and more than five bundles, naming the list', () => {
    expect(field({})).toBe('inactivityTimeoutGroupBundles');
    const six = [1, 2, 3, 4, 5, 6].map((priority) => bundle({ priority }));
    expect(checkBundles(six, RANGE)).toEqual({
      ok: false,
      field: 'inactivityTimeoutGroupBundles',
      message: 'inactivityTimeoutGroupBundles may hold at most 5 bundles (got 6)',
    });
  });

  it.each([
    ['0', 0],
    ['6', 6],
    ['1.5', 1.5],
    ['a string', '1'],
    ['nothing', undefined],
  ])('refuses priority %s, naming that bundle’s priority', (_, priority) => {
    expect(field([bundle({ priority: 2 }), bundle({ priority })])).toBe('inactivityTimeoutGroupBundles[1].priority');
  });

  it('refuses a priority two bundles share, naming the second and the first', () => {
    expect(checkBundles([bundle({ priority: 3 }), bundle({ priority: 1 }), bundle({ priority: 3 })], RANGE)).toEqual({
      ok: false,
      field: 'inactivityTimeoutGroupBundles[2].priority',
      message: 'inactivityTimeoutGroupBundles[2].priority must be unique: 3 is also the priority of inactivityTimeoutGroupBundles[0]',
    });
  });

  it.each([
    ['below the floor', 299, RANGE],
    ['above the ceiling', 28_801, RANGE],
    ['above the HIPAA cap', 901, { min: 300, max: 900 }],
    ['below the fast floor', 9, { min: 10, max: 28_800 }],
    ['not an integer', 600.5, RANGE],
    ['a numeric string', '600', RANGE],
  ])('refuses timeoutSeconds %s', (_, timeoutSeconds, range) => {
    expect(field([bundle({ timeoutSeconds })], range)).toBe('inactivityTimeoutGroupBundles[0].timeoutSeconds');
  });

  it('says what range applies, and why it is lowered', () => {
    const checked = checkBundles([bundle({ timeoutSeconds: 3600 })], { min: 300, max: 900, why: ' while hipaa is on' });
    expect(checked).toEqual({
      ok: false,
      field: 'inactivityTimeoutGroupBundles[0].timeoutSeconds',
      message: 'inactivityTimeoutGroupBundles[0].timeoutSeconds must be an integer from 300 to 900 while hipaa is on (got 3600)',
    });
    expect(field([bundle({ timeoutSeconds: 10 })], { min: 10, max: 28_800 })).toBe('ok');
  });

  it('refuses groups that are not a non-empty array of non-empty ids, naming the id', () => {
    expect(field([bundle({ groups: 'monitoring' })])).toBe('inactivityTimeoutGroupBundles[0].groups');
    expect(field([bundle({ groups: [] })])).toBe('inactivityTimeoutGroupBundles[0].groups');
    expect(field([bundle({ groups: undefined })])).toBe('inactivityTimeoutGroupBundles[0].groups');
    expect(field([bundle({ groups: ['a', ''] })])).toBe('inactivityTimeoutGroupBundles[0].groups[1]');
    expect(field([bundle({ groups: ['  '] })])).toBe('inactivityTimeoutGroupBundles[0].groups[0]');
    expect(field([bundle({ groups: ['a', 'b', 7] })])).toBe('inactivityTimeoutGroupBundles[0].groups[2]');
  });

  it('refuses a bundle that is not an object, and unknown fields in one', () => {
    expect(field([bundle(), null])).toBe('inactivityTimeoutGroupBundles[1]');
    expect(field([[1, 600, ['g']]])).toBe('inactivityTimeoutGroupBundles[0]');
    expect(field([bundle({ timeoutSecs: 600 })])).toBe('inactivityTimeoutGroupBundles[0].timeoutSecs');
  });
});
