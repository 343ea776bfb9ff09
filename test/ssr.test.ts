// @vitest-environment node
import { expect, it } from 'vitest';

it('importing the SDK in Node (server-side rendering) touches no browser global', async () => {
  expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined');
  const sdk = await import('../src/index');
  expect(typeof sdk.createIdleLogout).toBe('function');
});
