import { noop } from '../../utils/noop';
import { isAuthorization, tokenOf } from './bearer';
import type { Tap } from './tap';
import { absolute } from './url';

/**
 * XHR matters: axios (and so the Genesys Cloud JS SDK) uses it in browsers. `open`, `setRequestHeader` and `send` are
 * wrapped each on its own, and undone each only while still ours: another library may wrap any of them after us
 * (error trackers wrap `open` and `setRequestHeader`, RUM agents `send`), and removing ours from under theirs would
 * drop theirs. What stays in their chain passes every call straight through; a later patch wraps anew.
 */
export function patchXhr(tap: Tap): () => void {
  if (typeof XMLHttpRequest !== 'function') return noop;
  const proto = XMLHttpRequest.prototype;
  const originals = { open: proto.open, setRequestHeader: proto.setRequestHeader, send: proto.send };
  const { open, setRequestHeader, send } = originals;
  let on = true;
  /** Method, URL and whether asynchronous, as `open` got them; the URL is resolved only for requests that carry a token. */
  const opened = new WeakMap<XMLHttpRequest, [string, string, boolean]>();
  const tokens = new WeakMap<XMLHttpRequest, string>();

  const ours = {
    open: function (this: XMLHttpRequest, method: string, url: string | URL, async?: boolean) {
      if (on) opened.set(this, [method, String(url), async !== false]), tokens.delete(this);
      // eslint-disable-next-line prefer-rest-params
      return open.apply(this, arguments as unknown as Parameters<typeof open>);
    } as typeof open,

    setRequestHeader(this: XMLHttpRequest, name: string, value: string) {
      if (on && isAuthorization(name)) tokens.set(this, tokenOf(value)!);
      return setRequestHeader.call(this, name, value);
    },

    send(this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
      const token = on && tokens.get(this);
      if (token) {
        const o = opened.get(this) ?? ['GET', '', true];
        const verdict = tap.send(token, absolute(o[1]), o[0].toUpperCase());
        if (verdict instanceof Error) {
          // Fail like a network error, asynchronously as XHR does; axios reads `message` off the event.
          this.abort();
          setTimeout(() => {
            this.dispatchEvent(Object.assign(new Event('error'), { error: verdict, message: verdict.message }));
            this.dispatchEvent(new Event('loadend'));
          });
          return;
        }
        // Held (a synchronous request cannot wait: it goes now), then asked again, unless re-opened meanwhile.
        if (verdict && o[2]) return void verdict.then(() => opened.get(this) === o && ours.send.call(this, body));
        this.addEventListener('loadend', () => tap.done(token, this.status), { once: true });
      }
      return send.call(this, body);
    },
  };
  Object.assign(proto, ours);
  return () => {
    on = false;
    for (const m in ours) if (proto[m as 'send'] === ours[m as 'send']) proto[m as 'send'] = originals[m as 'send'];
  };
}
