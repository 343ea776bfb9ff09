import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { createIdleLogout, type IdleLogout } from '../../src/index';

let idle: IdleLogout;
let activity: string[];

beforeEach(async () => {
  vi.useFakeTimers({ now: 1_700_000_000_000 });
  idle = createIdleLogout({ getToken: () => 'token-a', timeoutMs: 10 * 60_000, sync: false, activity: { input: { throttleMs: 0 } } });
  // Input listening is a part loaded as the instance starts.
  await vi.dynamicImportSettled();
  activity = [];
  idle.on('activity', (e) => activity.push(e.source));
});

afterEach(() => {
  idle.destroy();
  document.body.replaceChildren();
  vi.useRealTimers();
});

it('input aimed at the SDK dialog (inside its idle-logout-ui host) is the person answering it, not activity', () => {
  const host = document.body.appendChild(document.createElement('idle-logout-ui'));
  const button = host.attachShadow({ mode: 'open' }).appendChild(document.createElement('button'));
  for (const type of ['keydown', 'pointermove', 'pointerdown']) button.dispatchEvent(new Event(type, { bubbles: true, composed: true }));
  expect(activity).toEqual([]);
});

it('the same input anywhere else in the page is activity', () => {
  const button = document.body.appendChild(document.createElement('button'));
  button.dispatchEvent(new Event('keydown', { bubbles: true, composed: true }));
  expect(activity).toEqual(['input']);
});

it('input within the throttle window after counted input is dropped; the first after it counts again', async () => {
  idle.destroy();
  idle = createIdleLogout({ getToken: () => 'token-a', timeoutMs: 10 * 60_000, sync: false, activity: { input: true } });
  await vi.dynamicImportSettled();
  activity = [];
  idle.on('activity', (e) => activity.push(e.source));
  const move = () => document.body.dispatchEvent(new Event('pointermove', { bubbles: true, composed: true }));
  move();
  move();
  await vi.advanceTimersByTimeAsync(900);
  move();
  expect(activity).toEqual(['input']);
  await vi.advanceTimersByTimeAsync(200);
  move();
  expect(activity).toEqual(['input', 'input']);
});
