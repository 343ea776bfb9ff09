import { describe, expect, it } from 'vitest';
import { resolveTimeoutSeconds, validateTimeoutBody } from '../server/policy.mjs';

/** What a body that leaves group timeouts out gets: off, no bundles. */
const NO_GROUPS = { inactivityTimeoutGroupsEnabled: false, inactivityTimeoutGroupBundles: [] };
const body = (idleTokenTimeoutSeconds, extra = {}) => ({ enableIdleTokenTimeout: true, idleTokenTimeoutSeconds, ...extra });

describe('validateTimeoutBody', () => {
  it.each([
    ['299 (below 5 min)', body(299), {}, false],
    ['300 (5 min)', body(300), {}, true],
    ['28800 (8 h)', body(28800), {}, true],
    ['28801 (over 8 h)', body(28801), {}, false],
    ['a non-integer', body(300.5), {}, false],
    ['a numeric string', body('900'), {}, false],
    ['null', body(null), {}, false],
    ['900 with HIPAA', body(900), { hipaa: true }, true],
    ['901 with HIPAA', body(901), { hipaa: true }, false],
    ['10 in fast mode', body(10), { fast: true }, true],
    ['9 in fast mode', body(9), { fast: true }, false],
    ['28801 in fast mode', body(28801), { fast: true }, false],
    ['901 with HIPAA in fast mode', body(901), { hipaa: true, fast: true }, false],
    ['12 outside fast mode', body(12), {}, false],
  ])('%s', (_, input, org, ok) => {
    expect(validateTimeoutBody(input, org).ok).toBe(ok);
  });

  it('names the field, the bad value and the range', () => {
    expect(validateTimeoutBody(body(12))).toEqual({
      ok: false,
      field: 'idleTokenTimeoutSeconds',
      message: 'idleTokenTimeoutSeconds must be an integer from 300 to 28800 (got 12)',
    });
    expect(validateTimeoutBody(body('900')).message).toBe(
      'idleTokenTimeoutSeconds must be an integer from 300 to 28800 (got "900")',
    );
    expect(validateTimeoutBody(body(901), { hipaa: true }).message).toBe(
      'idleTokenTimeoutSeconds must be an integer from 300 to 900 while hipaa is on (got 901)',
    );
    expect(validateTimeoutBody(body(9), { fast: true }).message).toBe(
      'idleTokenTimeoutSeconds must be an integer from 10 to 28800 (got 9)',
    );
  });

  it('returns the settings, with the HIPAA flag in effect', () => {
    expect(validateTimeoutBody(body(600))).toEqual({
      ok: true,
      value: { enableIdleTokenTimeout: true, idleTokenTimeoutSeconds: 600, ...NO_GROUPS, hipaa: false },
    });
    expect(validateTimeoutBody(body(600), { hipaa: true }).value?.hipaa).toBe(true);
  });

  it('accepts a disabled timeout (still range-checked)', () => {
    expect(validateTimeoutBody({ enableIdleTokenTimeout: false, idleTokenTimeoutSeconds: 900 })).toMatchObject({
      ok: true,
      value: { enableIdleTokenTimeout: false },
    });
    expect(validateTimeoutBody({ enableIdleTokenTimeout: false, idleTokenTimeoutSeconds: 5 }).ok).toBe(false);
  });

  it('refuses a non-boolean enableIdleTokenTimeout or hipaa', () => {
    expect(validateTimeoutBody({ ...body(900), enableIdleTokenTimeout: 'yes' })).toEqual({
      ok: false,
      field: 'enableIdleTokenTimeout',
      message: 'enableIdleTokenTimeout must be true or false (got "yes")',
    });
    expect(validateTimeoutBody(body(900, { hipaa: 1 }))).toMatchObject({ ok: false, field: 'hipaa' });
  });

  it('keeps current values for fields the body leaves out, and requires them otherwise', () => {
    const current = { enableIdleTokenTimeout: true, idleTokenTimeoutSeconds: 1800 };
    expect(validateTimeoutBody({ enableIdleTokenTimeout: false }, { current }).value).toEqual({
      enableIdleTokenTimeout: false,
      idleTokenTimeoutSeconds: 1800,
      ...NO_GROUPS,
      hipaa: false,
    });
    expect(validateTimeoutBody({ enableIdleTokenTimeout: true })).toMatchObject({
      ok: false,
      field: 'idleTokenTimeoutSeconds',
      message: 'idleTokenTimeoutSeconds must be an integer from 300 to 28800 (got nothing)',
    });
  });

  it('refuses turning HIPAA on while the timeout is over 15 minutes, naming the timeout', () => {
    const current = { enableIdleTokenTimeout: true, idleTokenTimeoutSeconds: 1800 };
    expect(validateTimeoutBody({ hipaa: true }, { current })).toEqual({
      ok: false,
      field: 'idleTokenTimeoutSeconds',
      message: 'idleTokenTimeoutSeconds must be an integer from 300 to 900 while hipaa is on (got 1800)',
    });
    expect(validateTimeoutBody({ hipaa: true, idleTokenTimeoutSeconds: 900 }, { current }).ok).toBe(true);
    // Turning it off lifts the cap again.
    expect(validateTimeoutBody({ hipaa: false, idleTokenTimeoutSeconds: 1800 }, { hipaa: true, current }).ok).toBe(true);
  });

  it('refuses disabling the timeout while HIPAA is on', () => {
    expect(validateTimeoutBody({ enableIdleTokenTimeout: false, idleTokenTimeoutSeconds: 900 }, { hipaa: true })).toMatchObject({
      ok: false,
      field: 'enableIdleTokenTimeout',
    });
  });

  it('refuses bodies that are not objects and unknown fields', () => {
    for (const bad of [null, [], 'x', 900]) expect(validateTimeoutBody(bad)).toMatchObject({ ok: false, field: 'body' });
    expect(validateTimeoutBody({ ...body(900), idleTokenTimeoutSecs: 60 })).toMatchObject({
      ok: false,
      field: 'idleTokenTimeoutSecs',
    });
  });
});

describe('validateTimeoutBody: group timeouts', () => {
  const bundles = [
    { priority: 1, timeoutSeconds: 1800, groups: ['reporting'] },
    { priority: 2, timeoutSeconds: 3600, groups: ['monitoring'], inactivityTimeoutUnit: 'Minutes' },
  ];
  const groups = (extra) => ({ ...body(900), inactivityTimeoutGroupsEnabled: true, inactivityTimeoutGroupBundles: bundles, ...extra });

  it('accepts bundles and the switch, and returns them', () => {
    expect(validateTimeoutBody(groups())).toEqual({
      ok: true,
      value: { ...body(900), inactivityTimeoutGroupsEnabled: true, inactivityTimeoutGroupBundles: bundles, hipaa: false },
    });
  });

  it('refuses a non-boolean switch, naming it', () => {
    expect(validateTimeoutBody(groups({ inactivityTimeoutGroupsEnabled: 'on' }))).toEqual({
      ok: false,
      field: 'inactivityTimeoutGroupsEnabled',
      message: 'inactivityTimeoutGroupsEnabled must be true or false (got "on")',
    });
  });

  it('names the bad bundle field', () => {
    const bad = [bundles[0], { ...bundles[1], priority: 1 }];
    expect(validateTimeoutBody(groups({ inactivityTimeoutGroupBundles: bad }))).toMatchObject({
      ok: false,
      field: 'inactivityTimeoutGroupBundles[1].priority',
    });
  });

  it('caps every bundle at 15 minutes with HIPAA, even while group timeouts are off', () => {
    expect(validateTimeoutBody(groups({ hipaa: true }))).toEqual({
      ok: false,
      field: 'inactivityTimeoutGroupBundles[0].timeoutSeconds',
      message: 'inactivityTimeoutGroupBundles[0].timeoutSeconds must be an integer from 300 to 900 while hipaa is on (got 1800)',
    });
    expect(validateTimeoutBody(groups({ hipaa: true, inactivityTimeoutGroupsEnabled: false })).ok).toBe(false);
    // Turning HIPAA on without sending the bundles checks the current ones.
    const current = groups();
    expect(validateTimeoutBody({ hipaa: true }, { current })).toMatchObject({
      ok: false,
      field: 'inactivityTimeoutGroupBundles[0].timeoutSeconds',
    });
  });

  it('lowers the bundle floor in fast mode only', () => {
    const short = [{ priority: 1, timeoutSeconds: 20, groups: ['g'] }];
    expect(validateTimeoutBody(groups({ inactivityTimeoutGroupBundles: short }), { fast: true }).ok).toBe(true);
    expect(validateTimeoutBody(groups({ inactivityTimeoutGroupBundles: short }))).toMatchObject({
      ok: false,
      field: 'inactivityTimeoutGroupBundles[0].timeoutSeconds',
    });
  });

  it('keeps the current switch and bundles when the body leaves them out', () => {
    const current = groups();
    expect(validateTimeoutBody({ idleTokenTimeoutSeconds: 600 }, { current }).value).toMatchObject({
      idleTokenTimeoutSeconds: 600,
      inactivityTimeoutGroupsEnabled: true,
      inactivityTimeoutGroupBundles: bundles,
    });
    expect(validateTimeoutBody({ inactivityTimeoutGroupBundles: [] }, { current }).value).toMatchObject({
      inactivityTimeoutGroupsEnabled: true,
      inactivityTimeoutGroupBundles: [],
    });
  });
});

describe('resolveTimeoutSeconds', () => {
  const settings = (extra = {}) => ({
    enableIdleTokenTimeout: true,
    idleTokenTimeoutSeconds: 900,
    inactivityTimeoutGroupsEnabled: true,
    inactivityTimeoutGroupBundles: [
      { priority: 3, timeoutSeconds: 7200, groups: ['night'] },
      { priority: 2, timeoutSeconds: 3600, groups: ['monitoring'] },
      { priority: 1, timeoutSeconds: 1800, groups: ['reporting', 'finance'] },
    ],
    ...extra,
  });

  it('gives a person in one bundle that bundle’s timeout, longer or shorter than the default', () => {
    expect(resolveTimeoutSeconds(settings(), ['monitoring'])).toBe(3600);
    expect(resolveTimeoutSeconds(settings({ idleTokenTimeoutSeconds: 2400 }), ['finance'])).toBe(1800);
  });

  it('lets the lowest priority number win, not the longest or the first listed', () => {
    expect(resolveTimeoutSeconds(settings(), ['night', 'monitoring'])).toBe(3600);
    expect(resolveTimeoutSeconds(settings(), ['monitoring', 'night', 'reporting'])).toBe(1800);
  });

  it('falls back to the org default when no bundle names the person’s groups', () => {
    expect(resolveTimeoutSeconds(settings(), [])).toBe(900);
    expect(resolveTimeoutSeconds(settings(), ['sales'])).toBe(900);
  });

  it('ignores the bundles while group timeouts are off', () => {
    expect(resolveTimeoutSeconds(settings({ inactivityTimeoutGroupsEnabled: false }), ['monitoring'])).toBe(900);
  });

  it('gives nobody a timeout while the org has none', () => {
    expect(resolveTimeoutSeconds(settings({ enableIdleTokenTimeout: false }), ['monitoring'])).toBeNull();
    expect(resolveTimeoutSeconds(settings({ enableIdleTokenTimeout: false }), [])).toBeNull();
  });

  it('caps the result at 15 minutes with HIPAA, whichever bundle wins', () => {
    expect(resolveTimeoutSeconds(settings({ hipaa: true }), ['monitoring'])).toBe(900);
    expect(resolveTimeoutSeconds(settings({ hipaa: true, idleTokenTimeoutSeconds: 600 }), [])).toBe(600);
    const short = settings({ hipaa: true, inactivityTimeoutGroupBundles: [{ priority: 1, timeoutSeconds: 300, groups: ['g'] }] });
    expect(resolveTimeoutSeconds(short, ['g'])).toBe(300);
  });
});
