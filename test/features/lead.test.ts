import { afterEach, expect, it } from 'vitest';
import { createIdleLogout, type IdleLogout } from '../../src/index';

const instances: IdleLogout[] = [];
afterEach(() => instances.splice(0).forEach((i) => i.destroy()));

function tab(token: string, sync = true) {
  const idle = createIdleLogout({ getToken: () => token, timeoutMs: 10 * 60_000, sync });
  instances.push(idle);
  const leads: boolean[] = [];
  idle.on('logout', (e) => leads.push(e.lead));
  return { idle, leads };
}

it('without tab sync the one tab always leads', () => {
  const { idle, leads } = tab('token-a', false);
  idle.logout();
  expect(leads).toEqual([true]);
});

it('tabs of one token agree on exactly one lead; a tab of another token is not counted', async () => {
  const tabs = [tab('token-a'), tab('token-a'), tab('token-a'), tab('token-b')];
  // Each tab hashes its token, joins the presence channel and hears the others (real BroadcastChannel): let the
  // channel's messages arrive.
  await new Promise((r) => setTimeout(r, 200));
  tabs.forEach((t) => t.idle.logout());
  expect(tabs.slice(0, 3).flatMap((t) => t.leads).filter(Boolean)).toHaveLength(1);
  expect(tabs[3].leads).toEqual([true]);
});
