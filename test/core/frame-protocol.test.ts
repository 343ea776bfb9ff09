import { describe, expect, it } from 'vitest';
import { checkHeartbeat, checkMessage, frameState, HEARTBEAT, HELLO } from '../../src/core/frame-protocol';

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

describe('hello: the host asks for the frame state on connect', () => {
  const hello = { type: HELLO, v: 1 };
  it('gets the same origin, sender and shape checks as a heartbeat', () => {
    expect(checkHeartbeat('https://crm.example.com', true, hello, ALLOWED, HELLO)).toBeUndefined();
    expect(checkHeartbeat('https://evil.example.com', true, hello, ALLOWED, HELLO)).toBe('origin');
    expect(checkHeartbeat('https://crm.example.com', false, hello, ALLOWED, HELLO)).toBe('source');
    expect(checkHeartbeat('https://crm.example.com', true, { ...hello, v: 2 }, ALLOWED, HELLO)).toBe('version');
  });
  it('is not a heartbeat, and a heartbeat is not a hello', () => {
    expect(checkHeartbeat('https://crm.example.com', true, hello, ALLOWED)).toBe('shape');
    expect(checkHeartbeat('https://crm.example.com', true, hb, ALLOWED, HELLO)).toBe('shape');
  });
});
