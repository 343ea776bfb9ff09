import { describe, expect, it } from 'vitest';
import { validateOptions } from '../../src/core/options';
import { IdlePolicyError } from '../../src/errors/idle-policy-error';
import type { IdleLogoutOptions } from '../../src/types/options';

const base: IdleLogoutOptions = { getToken: () => 't', timeoutMs: 15 * 60_000 };
const bad = (options: object) => () => validateOptions({ ...base, ...options } as IdleLogoutOptions);

describe('options are checked at construction, each error naming the option path, the value and what is allowed', () => {
  it('accepts every documented option', () => {
    expect(() =>
      validateOptions({
        ...base,
        hipaa: false,
        warnBeforeMs: 60_000,
        activity: { api: { include: ['/api/'], exclude: [/presence/, (u) => u.endsWith('/poll')] }, input: { events: ['keydown'], throttleMs: 500 }, heartbeat: true },
        revoke: { url: '/api/v2/tokens/me', method: 'DELETE' },
        heartbeat: { allowedOrigins: ['https://crm.example.com'], onReject: () => {} },
        keepalive: { url: 'https://api.example.com/api/v2/tokens/me', minIntervalMs: 60_000 },
        serverClock: { url: '/api/v2/tokens/me?preserveIdleTTL=true', field: 'dateTokenIdles' },
        route: { get: () => '/x', restore: true, userKey: () => 'u', maxAgeMs: 1000, reasons: ['idle', 'scheduled'] },
        drafts: { selector: 'form', maxAgeMs: 1000 },
        schedule: { at: '18:30', timeZone: 'Europe/Berlin', respectHolds: true },
        ui: { text: { stay: 'Rester connecté', time: (s) => `${s} s` }, onSignIn: () => {} },
        sync: true,
        unsafeShortTimeouts: false,
      }),
    ).not.toThrow();
    expect(() => validateOptions({ ...base, revoke: false, route: true, drafts: false, ui: true, activity: { api: false, input: true } })).not.toThrow();
  });

  it.each([
    [{ getToken: 'abc' }, 'getToken', 'a function'],
    [{ timeoutFrom: 5 }, 'timeoutFrom', 'a function'],
    [{ hipaa: 'yes' }, 'hipaa', 'true or false'],
    [{ activity: { api: { exclude: '/poll' } } }, 'activity.api.exclude', 'an array'],
    [{ activity: { input: { throttleMs: -1 } } }, 'activity.input.throttleMs', '≥ 0'],
    [{ activity: { input: 'yes' } }, 'activity.input', 'an object'],
    [{ revoke: true }, 'revoke', 'an object'],
    [{ revoke: { method: 'DELETE' } }, 'revoke.url', 'a URL'],
    [{ revoke: { url: '/r', oauth: { endpoint: '/revoke', clientId: 'spa', tokens: () => ({}) } } }, 'revoke.url', 'one of the two'],
    [{ revoke: { oauth: { endpoint: '/revoke', clientId: 'spa' } } }, 'revoke.oauth.tokens', 'a function'],
    [{ revoke: { oauth: { clientId: 'spa', tokens: () => ({}) } } }, 'revoke.oauth.endpoint', 'a URL'],
    [{ sessionOf: 'sid' }, 'sessionOf', 'a function'],
    [{ revokeAheadMs: 100 }, 'revokeAheadMs', 'from 1000 to 60000'],
    [{ heartbeat: { allowedOrigins: ['*'] } }, 'heartbeat.allowedOrigins', 'exact origins'],
    [{ heartbeat: { allowedOrigins: [] } }, 'heartbeat.allowedOrigins', 'non-empty'],
    [{ keepalive: { url: '/k', minIntervalMs: 10 } }, 'keepalive.minIntervalMs', '≥ 1000'],
    [{ serverClock: { url: '' } }, 'serverClock.url', 'a URL'],
    [{ route: { reasons: ['bored'] } }, 'route.reasons', 'idle, revoked, manual, scheduled'],
    [{ route: { maxAgeMs: 0 } }, 'route.maxAgeMs', '≥ 1'],
    [{ drafts: true }, 'drafts.userKey', 'bound to the person'],
    [{ schedule: { at: '25:00' } }, 'schedule.at', 'HH:MM'],
    [{ schedule: { at: '18:30', timeZone: 'Mars/Olympus' } }, 'schedule.timeZone', 'IANA'],
    [{ schedule: {} }, 'schedule.at', 'HH:MM'],
    [{ ui: { text: { stay: 42 } } }, 'ui.text', 'an object of strings'],
    [{ sync: 'off' }, 'sync', 'true or false'],
  ])('%j is refused at %s', (options, path, allowed) => {
    expect(bad(options)).toThrow(IdlePolicyError);
    expect(bad(options)).toThrow(`idle-logout: ${path} must be`);
    expect(bad(options)).toThrow(allowed);
  });

  it('names the field and keeps the value for code that handles the error', () => {
    try {
      bad({ schedule: { at: '25:00' } })();
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(IdlePolicyError);
      expect(error).toMatchObject({ field: 'schedule.at', value: '25:00' });
      expect((error as Error).message).toContain('(got "25:00")');
    }
  });

  it.each([
    // [options, the unknown key's path, the known key it is closest to]
    [{ warnBeforeMS: 30_000 }, 'warnBeforeMS', 'warnBeforeMs'],
    [{ timeoutms: 900_000 }, 'timeoutms', 'timeoutMs'],
    [{ getTokn: () => 't' }, 'getTokn', 'getToken'],
    [{ activity: { inputs: true } }, 'activity.inputs', 'input'],
    [{ activity: { api: { exlude: ['/poll'] } } }, 'activity.api.exlude', 'exclude'],
    [{ revoke: { url: '/api/v2/tokens/me', metod: 'DELETE' } }, 'revoke.metod', 'method'],
    [{ revoke: { oauth: { endpoint: '/revoke', clientID: 'spa', tokens: () => ({}) } } }, 'revoke.oauth.clientID', 'clientId'],
    [{ heartbeat: { allowedOrigins: ['https://crm.example.com'], onreject: () => {} } }, 'heartbeat.onreject', 'onReject'],
    [{ schedule: { at: '18:30', timezone: 'Europe/Berlin' } }, 'schedule.timezone', 'timeZone'],
    [{ route: { userKey: () => 'u', maxAge: 1000 } }, 'route.maxAge', 'maxAgeMs'],
    [{ ui: { onSignin: () => {} } }, 'ui.onSignin', 'onSignIn'],
  ])('an unknown key %j is refused at %s: did you mean %s?', (options, path, near) => {
    expect(bad(options)).toThrow(IdlePolicyError);
    expect(bad(options)).toThrow(`idle-logout: ${path} must be a known option: did you mean ${near}? (got `);
  });

  it('an unknown key with no known one near it is refused with the section\'s known keys', () => {
    expect(bad({ keepalive: { url: '/k', verb: 'GET' } })).toThrow('idle-logout: keepalive.verb must be a known option: url, method, minIntervalMs (got "GET")');
    expect(bad({ colour: 'blue' })).toThrow(/^idle-logout: colour must be a known option: getToken, sessionOf, .*, unsafeShortTimeouts \(got "blue"\)$/);
  });

  it('an unknown key is named before a missing required one it may be the typo of', () => {
    expect(() => validateOptions({ getTokn: () => 't', timeoutMs: 900_000 } as never)).toThrow('getTokn must be a known option: did you mean getToken?');
  });

  it('keys inherited from Object.prototype are not options', () => {
    expect(bad({ constructor: 1 })).toThrow('constructor must be a known option');
  });

  it('needs a timeout or a way to read it', () => {
    expect(() => validateOptions({ getToken: () => 't' })).toThrow('timeoutMs must be set, or timeoutFrom given');
    expect(() => validateOptions(undefined as never)).toThrow('options must be an object');
  });
});
