import { describe, expect, it } from 'vitest';
import { checkHeartbeat, checkMessage, frameState, HEARTBEAT, isOrigin } from '../../src/core/frame-protocol';
import { serverDeadline } from '../../src/core/server-time';

describe('isOrigin: exact origins only', () => {
  it.each([
    ['https://crm.example.com', true],
    ['http://localhost:8080', true],
    ['http://127.0.0.1:3000', true],
    ['http://[::1]:3000', true],
    ['https://crm.example.com/', false],
    ['https://crm.example.com/path', false],
    ['https://crm.example.com:443', false], // default port is not part of the origin
    ['HTTPS://CRM.example.com', false],
    ['*', false],
    ['https://*.example.com', false],
    ['crm.example.com', false],
    ['null', false],
    ['', false],
    ['https://user@crm.example.com', false],
    [' https://crm.example.com', false],
    [undefined, false],
    [42, false],
  ])('%s → %s', (value, ok) => expect(isOrigin(value)).toBe(ok));
});

const hb = { type: HEARTBEAT, v: 1 };
const ALLOWED = ['https://crm.example.com', 'https://phone.example.com'];

describe('checkMessage: heartbeat shape', () => {
  it.each<[string, unknown, string | undefined]>([
    ['well formed', hb, undefined],
    ['unknown flat fields ignored', { ...hb, at: 5, from: 'crm', ok: true, none: null }, undefined],
    ['wrong type', { type: 'idle-logout:heartbeats', v: 1 }, 'shape'],
    ['state message is not a heartbeat', { type: 'idle-logout:state', v: 1 }, 'shape'],
    ['missing type', { v: 1 }, 'shape'],
    ['string payload', JSON.stringify(hb), 'shape'],
    ['null', null, 'shape'],
    ['number', 1, 'shape'],
    ['array', [HEARTBEAT, 1], 'shape'],
    ['version 2', { ...hb, v: 2 }, 'version'],
    ['version "1"', { ...hb, v: '1' }, 'version'],
    ['no version', { type: HEARTBEAT }, 'version'],
    ['nested object', { ...hb, extra: { deep: true } }, 'size'],
    ['nested array', { ...hb, list: [1, 2] }, 'size'],
    ['long string', { ...hb, pad: 'x'.repeat(257) }, 'size'],
    ['long key', { ...hb, ['k'.repeat(65)]: 1 }, 'size'],
    ['too many fields', { ...hb, ...Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`f${i}`, i])) }, 'size'],
    ['a throwing getter', Object.defineProperty({ ...hb }, 'x', { enumerable: true, get: () => { throw new Error('boom'); } }), 'shape'],
  ])('%s', (_name, data, reason) => expect(checkMessage(data, HEARTBEAT)).toBe(reason));
});

describe('checkHeartbeat: origin, then sender, then shape', () => {
  it.each<[string, string, boolean, unknown, string | undefined]>([
    ['allowed parent', 'https://crm.example.com', true, hb, undefined],
    ['second allowed origin', 'https://phone.example.com', true, hb, undefined],
    ['unlisted origin', 'https://evil.example', true, hb, 'origin'],
    ['suffix of an allowed origin', 'https://evilcrm.example.com', true, hb, 'origin'],
    ['allowed origin as prefix', 'https://crm.example.com.evil.example', true, hb, 'origin'],
    ['other port', 'https://crm.example.com:8443', true, hb, 'origin'],
    ['other scheme', 'http://crm.example.com', true, hb, 'origin'],
    ['opaque origin', 'null', true, hb, 'origin'],
    ['sibling frame of an allowed origin', 'https://crm.example.com', false, hb, 'source'],
    ['malformed from the parent', 'https://crm.example.com', true, { type: HEARTBEAT, v: 1, x: {} }, 'size'],
  ])('%s', (_name, origin, ancestor, data, reason) => expect(checkHeartbeat(origin, ancestor, data, ALLOWED)).toBe(reason));
});

describe('frameState', () => {
  it('accepts state messages and drops the rest', () => {
    expect(frameState({ type: 'idle-logout:state', v: 1, state: 'warning', remainingMs: 60_000, extra: 'x' })).toEqual({ state: 'warning', remainingMs: 60_000 });
    expect(frameState({ type: 'idle-logout:state', v: 1, state: 'logged-out', remainingMs: 0 })).toEqual({ state: 'logged-out', remainingMs: 0 });
    expect(frameState({ type: 'idle-logout:state', v: 1, state: 'hacked', remainingMs: 0 })).toBeUndefined();
    expect(frameState({ type: 'idle-logout:state', v: 1, state: 'active', remainingMs: -1 })).toBeUndefined();
    expect(frameState({ type: 'idle-logout:state', v: 1, state: 'active', remainingMs: NaN })).toBeUndefined();
    expect(frameState({ type: 'idle-logout:state', v: 2, state: 'active', remainingMs: 1 })).toBeUndefined();
    expect(frameState(hb)).toBeUndefined();
  });
});

describe('serverDeadline: skew arithmetic', () => {
  const T = Date.parse('2030-01-01T12:00:00.000Z');
  const iso = (ms: number) => new Date(ms).toISOString();
  const http = (ms: number) => new Date(ms).toUTCString(); // whole seconds, as the Date header
  it.each<[string, number, string | null, number, number, number]>([
    // name, server deadline, Date header, t0, t1 → browser deadline
    ['same clock, answered mid-second', T + 300_000, http(T), T + 200, T + 260, T + 300_000],
    ['same clock, answer straddles a second', T + 300_000, http(T), T + 900, T + 1100, T + 300_000],
    ['server 1 h ahead', T + 3_600_000 + 300_000, http(T + 3_600_000), T + 100, T + 200, T + 300_000 + 200 - 0],
    ['server 10 s behind', T - 10_000 + 300_000, http(T - 10_000), T + 100, T + 200, T + 299_100], // skew ∈ [−10 200, −9 100],
    ['no Date header: clocks assumed to agree', T + 300_000, null, T, T + 5000, T + 300_000],
    ['unparsable Date header', T + 300_000, 'yesterday', T, T + 50, T + 300_000],
  ])('%s', (_name, end, date, t0, t1, expected) => expect(serverDeadline(iso(end), date, t0, t1)).toBe(expected));

  it('the correction is the smallest that fits the measurement', () => {
    // Server 1 h ahead: skew ∈ [date − t1, date + 1000 − t0] = [3_599_800, 3_600_900] → 3_599_800.
    const skew = T + 300_000 - serverDeadline(iso(T + 300_000), http(T + 3_600_000), T + 100, T + 200);
    expect(skew).toBe(3_599_800);
  });

  it('NaN without a date', () => {
    expect(serverDeadline(undefined, http(T), T, T)).toBeNaN();
    expect(serverDeadline('soon', http(T), T, T)).toBeNaN();
    expect(serverDeadline(12345, http(T), T, T)).toBeNaN();
  });
});
