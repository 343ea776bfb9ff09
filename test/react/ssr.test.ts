// @vitest-environment node
import { createElement as h } from 'react';
import { renderToString } from 'react-dom/server';
import { expect, it } from 'vitest';

it('renders on a server: no browser global touched, no instance made, the constant server snapshot shown', async () => {
  expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined');
  const fetchBefore = globalThis.fetch;
  const { IdleLogoutProvider, useIdleLogout, useIdleState } = await import('../../src/react/index');
  let made: unknown = 'not rendered';
  function Status() {
    const { state, deadline } = useIdleState();
    return h('p', null, `${state} ${deadline}`);
  }
  function App() {
    const idle = useIdleLogout({ getToken: () => 'token-a', timeoutMs: 600_000 });
    made = idle;
    return h(IdleLogoutProvider, { idle }, h(Status));
  }
  expect(renderToString(h(App))).toBe('<p>active Infinity</p>');
  expect(made).toBeUndefined();
  expect(globalThis.fetch).toBe(fetchBefore); // nothing patched on the server
});
