import { frameState, HEARTBEAT, HELLO, isOrigin } from '../core/frame-protocol';
import { IdlePolicyError } from '../errors/idle-policy-error';
import type { ConnectHeartbeatOptions, FrameState, HeartbeatConnection } from '../types/frames';

const EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart', 'focus', 'visibilitychange'];

/**
 * Host page side: turns the person's work in this page into heartbeats for the client embedded in
 * `iframe`, posted to its exact origin, and reports the client's state messages. Imports nothing else
 * of the SDK, so a host page pays for this alone.
 */
export function connectHeartbeat(iframe: HTMLIFrameElement, options: ConnectHeartbeatOptions): HeartbeatConnection {
  const { targetOrigin, events = EVENTS, minIntervalMs = 5000 } = options || ({} as ConnectHeartbeatOptions);
  if (!isOrigin(targetOrigin)) throw new IdlePolicyError('targetOrigin', targetOrigin, 'an exact origin like "https://app.example.com"');
  if (!(iframe && typeof iframe === 'object' && 'contentWindow' in iframe)) throw new IdlePolicyError('iframe', iframe, 'an <iframe> element');
  const handlers = new Set<(event: FrameState) => void>();
  let last = -Infinity;
  const beat = () => {
    const now = Date.now();
    const target = iframe.contentWindow;
    // `now < last`: the wall clock went back; don't stay silent until it catches up.
    if (!target || (now - last < minIntervalMs && now >= last)) return;
    last = now;
    target.postMessage({ type: HEARTBEAT, v: 1 }, targetOrigin);
  };
  const onEvent = () => document.visibilityState !== 'hidden' && beat();
  const onMessage = (e: MessageEvent) => {
    const state = e.origin === targetOrigin && e.source && e.source === iframe.contentWindow && frameState(e.data);
    // A throwing handler is reported by the browser like any listener's; the others still run.
    if (state) handlers.forEach((h) => setTimeout(h, 0, state));
  };
  // Ask for the state now and whenever the frame (re)loads, so `on('state')` hears it without waiting for a change.
  /** Whether the iframe shows another document than the client yet (its initial about:blank, same-origin to us). */
  const notYet = (w: Window) => {
    try {
      return w.location.origin !== targetOrigin;
    } catch {
      return false; // cross-origin: the client's document (or another's: the browser then drops the message)
    }
  };
  // Asks the client for its state; before it has loaded, its `load` event asks (a mismatched post is an error in Firefox).
  const hello = () => {
    const w = iframe.contentWindow;
    if (w && !notYet(w)) w.postMessage({ type: HELLO, v: 1 }, targetOrigin);
  };
  const opts = { capture: true, passive: true };
  events.forEach((name) => addEventListener(name, onEvent, opts));
  addEventListener('message', onMessage);
  iframe.addEventListener('load', hello);
  hello();
  return {
    beat,
    on(name, handler) {
      if (name === 'state') handlers.add(handler);
      return () => void handlers.delete(handler);
    },
    disconnect() {
      events.forEach((name) => removeEventListener(name, onEvent, opts));
      removeEventListener('message', onMessage);
      iframe.removeEventListener('load', hello);
      handlers.clear();
    },
  };
}
