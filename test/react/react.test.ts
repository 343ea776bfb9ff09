import { act, cleanup, render, screen } from '@testing-library/react';
import { createElement as h, StrictMode, useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { IdleLogout, IdleLogoutOptions } from '../../src/index';
import { IdleLogoutProvider, useIdle, useIdleLogout, useIdleState } from '../../src/react/index';

const MIN = 60_000;
const network = vi.fn(async () => new Response('{}'));
const original = globalThis.fetch;
/** A task: the hook destroys an unmounted instance one task later (StrictMode re-mounts in between). */
const nextTask = () => new Promise((r) => setTimeout(r));

beforeEach(() => {
  globalThis.fetch = network as unknown as typeof fetch;
});
afterEach(async () => {
  cleanup();
  await nextTask();
  globalThis.fetch = original;
});

/** An app: one instance from the hook, provided to a status line. `timeoutFrom` is called once per instance. */
function setup(options: Partial<IdleLogoutOptions> = {}) {
  const timeoutFrom = vi.fn(async () => 10 * MIN);
  const seen: Array<IdleLogout | undefined> = [];
  function Status() {
    const { state, deadline } = useIdleState();
    return h('p', { 'data-testid': 'status' }, `${state} ${deadline}`);
  }
  function App() {
    const idle = useIdleLogout({ getToken: () => 'token-a', timeoutFrom, revoke: false, sync: false, ...options });
    seen.push(idle);
    return h(IdleLogoutProvider, { idle }, h(Status));
  }
  return { App, timeoutFrom, seen };
}

describe('useIdleLogout', () => {
  it('under StrictMode creates one instance (one clock, one fetch patch), and its destroy restores fetch', async () => {
    const { App, timeoutFrom, seen } = setup();
    render(h(StrictMode, null, h(App)));
    await act(nextTask); // past the delayed destroy StrictMode's unmount scheduled, and the lazy policy loader
    await vi.waitFor(() => expect(timeoutFrom).toHaveBeenCalled());
    expect(timeoutFrom).toHaveBeenCalledTimes(1); // each instance asks for its policy once
    const idle = seen[0]!;
    expect(seen.every((i) => i === idle)).toBe(true);
    expect(globalThis.fetch).not.toBe(network);
    // Had a second instance been left running, its tap would keep fetch patched.
    idle.destroy();
    expect(globalThis.fetch).toBe(network);
  });

  it('destroys the instance on unmount', async () => {
    const { App, seen } = setup();
    const { unmount } = render(h(App));
    const idle = seen[0]!;
    const released = vi.fn();
    idle.on('logout', released);
    unmount();
    await act(nextTask);
    expect(globalThis.fetch).toBe(network);
    idle.logout(); // a destroyed instance has no listeners left
    expect(released).not.toHaveBeenCalled();
  });

  it('always uses the latest getToken', async () => {
    let setToken!: (t: string) => void;
    const tokens: string[] = [];
    function App() {
      const [token, set] = useState('token-a');
      setToken = set;
      const idle = useIdleLogout({ getToken: () => (tokens.push(token), token), timeoutMs: 10 * MIN, revoke: false, sync: false });
      return h('p', null, idle ? 'ready' : 'none');
    }
    render(h(App));
    act(() => setToken('token-b'));
    await act(nextTask);
    tokens.length = 0;
    await fetch('/api', { headers: { Authorization: 'Bearer token-b' } }); // an unknown token: the SDK re-reads getToken
    expect(tokens).toContain('token-b');
    expect(tokens).not.toContain('token-a');
  });
});

describe('useIdleState', () => {
  it('re-renders on each change (hold, release, logout) and not when nothing changed', async () => {
    let idle!: IdleLogout;
    let renders = 0;
    function Status() {
      const { state, deadline, reason } = useIdleState();
      renders++;
      return h('p', { 'data-testid': 'status' }, [state, deadline === Infinity ? 'none' : deadline > 0 ? 'due' : '0', reason].filter(Boolean).join(' '));
    }
    function Controls() {
      idle = useIdle()!;
      return null;
    }
    function App() {
      const instance = useIdleLogout({ getToken: () => 'token-a', timeoutMs: 10 * MIN, revoke: false, sync: false });
      return h(IdleLogoutProvider, { idle: instance }, h(Status), h(Controls));
    }
    render(h(App));
    const status = () => screen.getByTestId('status').textContent;
    expect(status()).toBe('active due');

    const before = renders;
    act(() => void idle.state); // a read that changes nothing
    expect(renders).toBe(before);

    let release!: () => void;
    act(() => void (release = idle.hold('voice-call')));
    expect(status()).toBe('held none');
    act(() => release());
    expect(status()).toBe('active due');
    act(() => idle.logout());
    expect(status()).toBe('logged-out 0 manual');
  });

  it('takes an instance directly, without a provider', () => {
    const { App, seen } = setup({ timeoutFrom: undefined, timeoutMs: 10 * MIN });
    render(h(App));
    function Direct() {
      return h('p', { 'data-testid': 'direct' }, useIdleState(seen[0]).state);
    }
    render(h(Direct));
    act(() => void seen[0]!.hold('upload'));
    expect(screen.getByTestId('direct').textContent).toBe('held');
  });
});
