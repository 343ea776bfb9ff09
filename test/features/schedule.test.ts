import { describe, expect, it, vi } from 'vitest';
import { createIdleLogout, IdlePolicyError } from '../../src/index';
import { useSandbox } from '../support/sandbox';

const MIN = 60_000;
const sandbox = useSandbox(() => vi.fn(async () => new Response('{}')) as typeof fetch);

describe('logoutAt', () => {
  it('logs the token out at that time with reason scheduled; null cancels', async () => {
    const idle = sandbox.create({ getToken: () => 't', timeoutMs: 60 * MIN, sync: false });
    const events: string[] = [];
    idle.on('logout', (e) => events.push(e.reason));
    idle.logoutAt(Date.now() + 10 * MIN);
    expect(idle.remainingMs()).toBe(10 * MIN);
    idle.logoutAt(null);
    expect(idle.remainingMs()).toBe(60 * MIN);
    idle.logoutAt(new Date(Date.now() + 5 * MIN));
    await vi.advanceTimersByTimeAsync(5 * MIN);
    expect(events).toEqual(['scheduled']);
  });

  it.each([[-5], [0], [NaN], ['18:00'], [undefined], [new Date('nope')]])('refuses %j synchronously, naming the argument', (at) => {
    const idle = sandbox.create({ getToken: () => 't', timeoutMs: 60 * MIN, sync: false });
    expect(() => idle.logoutAt(at as never)).toThrow(IdlePolicyError);
    expect(() => idle.logoutAt(at as never)).toThrow('logoutAt(at) must be a Date or epoch milliseconds');
  });
});

describe('method arguments are checked like options', () => {
  it('hold(42) and on(name, notAFunction) throw, naming the argument', () => {
    const idle = createIdleLogout({ getToken: () => 't', timeoutMs: 60 * MIN, sync: false });
    try {
      expect(() => idle.hold(42 as never)).toThrow('hold(reason) must be a non-empty string');
      expect(() => idle.hold('')).toThrow(IdlePolicyError);
      expect(() => idle.on('logout', 'x' as never)).toThrow("on('logout', handler) must be a function");
    } finally {
      idle.destroy();
    }
  });
});
