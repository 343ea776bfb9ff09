import { buildSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import {
  IdleLogoutError,
  IdlePolicyError,
  IdleRequestError,
  isIdleLogoutError,
  isTokenLoggedOutError,
  TokenLoggedOutError,
} from '../../src/index';

/**
 * A second copy of the SDK's error classes, bundled on its own as an app's bundle or the script tag would hold it:
 * its classes are not this module's, as in a page with two copies of the SDK.
 */
function secondCopy(): typeof import('../../src/index') {
  const { outputFiles } = buildSync({
    stdin: { contents: "export * from './src/errors/idle-policy-error'; export * from './src/errors/token-logged-out-error'; export * from './src/errors/idle-request-error'; export * from './src/errors/is-idle-logout-error';", resolveDir: process.cwd(), loader: 'ts' },
    bundle: true,
    format: 'cjs',
    write: false,
  });
  const module = { exports: {} as never };
  new Function('module', 'exports', outputFiles[0].text)(module, module.exports);
  return module.exports;
}

describe('one base for every error of the SDK, with a stable code', () => {
  it.each([
    ['IdlePolicyError', new IdlePolicyError('schedule.at', '25:00', 'a 24-hour time'), 'policy'],
    ['TokenLoggedOutError', new TokenLoggedOutError('idle'), 'token-logged-out'],
    ['IdleRequestError', new IdleRequestError('revoke', 'https://api.example.com/api/v2/tokens/me', 500), 'revoke'],
  ] as const)('%s is an IdleLogoutError and an Error, with its name and code', (name, error, code) => {
    expect(error).toBeInstanceOf(IdleLogoutError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(/^idle-logout: /);
    expect(isIdleLogoutError(error)).toBe(true);
  });

  it('keeps each class\'s own fields and message', () => {
    expect(new IdlePolicyError('schedule.at', '25:00', 'a 24-hour time')).toMatchObject({ field: 'schedule.at', value: '25:00', range: 'a 24-hour time', message: 'idle-logout: schedule.at must be a 24-hour time (got "25:00")' });
    expect(new TokenLoggedOutError('revoked')).toMatchObject({ reason: 'revoked', message: 'idle-logout: request refused, its access token was logged out (revoked)' });
  });

  it('IdleRequestError carries the status and URL; status 0 (no answer) keeps what the browser said as the cause', () => {
    const url = 'https://api.example.com/api/v2/tokens/me';
    expect(new IdleRequestError('keepalive', url, 503)).toMatchObject({ code: 'keepalive', status: 503, url, message: `idle-logout: keepalive: HTTP 503 from ${url}` });
    const cause = new TypeError('Failed to fetch');
    expect(new IdleRequestError('server-clock', url, 0, cause)).toMatchObject({ code: 'server-clock', status: 0, url, cause, message: `idle-logout: server-clock: no answer from ${url}` });
  });

  it.each([
    ['an Error', new Error('idle-logout: x')],
    ['an error named like ours without a code', Object.assign(new Error('x'), { name: 'IdlePolicyError' })],
    ['an error with a code but another name', Object.assign(new Error('x'), { code: 'policy' })],
    ['a string', 'IdlePolicyError'],
    ['null', null],
    ['undefined', undefined],
  ])('isIdleLogoutError(%s) is false', (_, value) => {
    expect(isIdleLogoutError(value)).toBe(false);
  });
});

describe('across two copies of the SDK (an npm bundle and the script tag)', () => {
  const other = secondCopy();

  it('the copies\' classes are distinct: instanceof does not see the other copy\'s errors', () => {
    expect(other.IdlePolicyError).not.toBe(IdlePolicyError);
    expect(new other.IdlePolicyError('x', 1, 'y')).not.toBeInstanceOf(IdleLogoutError);
    expect(new IdlePolicyError('x', 1, 'y')).not.toBeInstanceOf(other.IdlePolicyError);
  });

  it.each([
    ['IdlePolicyError', () => new other.IdlePolicyError('timeoutMs', 1, 'a number'), 'policy'],
    ['TokenLoggedOutError', () => new other.TokenLoggedOutError('manual'), 'token-logged-out'],
    ['IdleRequestError', () => new other.IdleRequestError('revoke', '/r', 0), 'revoke'],
  ] as const)("this copy's isIdleLogoutError recognises the other copy's %s, and the other copy's guard this copy's", (_, make, code) => {
    const theirs = make();
    expect(isIdleLogoutError(theirs)).toBe(true);
    expect(theirs.code).toBe(code);
    expect(other.isIdleLogoutError(new TokenLoggedOutError('idle'))).toBe(true);
    expect(other.isIdleLogoutError(new IdlePolicyError('x', 1, 'y'))).toBe(true);
  });

  it('a refusal from the other copy is still found inside an HTTP client\'s error', () => {
    expect(isTokenLoggedOutError(new Error('fetch failed', { cause: new other.TokenLoggedOutError('idle') }))).toBe(true);
  });
});
