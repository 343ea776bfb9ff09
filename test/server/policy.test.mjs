// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { validateTimeoutBody } from '../../demo/server/policy.mjs';

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
      value: { enableIdleTokenTimeout: true, idleTokenTimeoutSeconds: 600, hipaa: false },
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
