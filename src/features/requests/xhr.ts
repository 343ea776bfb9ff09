import { bearer } from './bearer';
import type { Tap } from './tap';
import { absolute } from './url';

/** XHR matters: axios (and so the Genesys Cloud JS SDK) uses it in browsers. */
export function patchXhr({ send: sendHook, done }: Tap): () => void {
  if (typeof XMLHttpRequest !== 'function') return () => {};
  const proto = XMLHttpRequest.prototype;
  const { open, setRequestHeader, send } = proto;
  /** Method and URL as `open` got them; the URL is resolved only for requests that carry a token. */
  const opened = new WeakMap<XMLHttpRequest, [string, string]>();
  const tokens = new WeakMap<XMLHttpRequest, string>();

  proto.open = function (this: XMLHttpRequest, method: string, url: string | URL) {
    opened.set(this, [method, String(url)]);
    tokens.delete(this);
    // eslint-disable-next-line prefer-rest-params
    return open.apply(this, arguments as unknown as Parameters<typeof open>);
  } as typeof open;

  proto.setRequestHeader = function (this: XMLHttpRequest, name: string, value: string) {
    const token = bearer([[name, value]]); // undefined unless this is the Authorization header, with a bearer token
    if (token) tokens.set(this, token);
    return setRequestHeader.call(this, name, value);
  };

  proto.send = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
    const token = tokens.get(this);
    if (token) {
      const [method, url] = opened.get(this) ?? ['GET', ''];
      const refusal = sendHook(token, absolute(url), method.toUpperCase());
      if (refusal) {
        // Fail like a network error, asynchronously as XHR does; axios reads `message` off the event.
        this.abort();
        setTimeout(() => {
          this.dispatchEvent(Object.assign(new Event('error'), { error: refusal, message: refusal.message }));
          this.dispatchEvent(new Event('loadend'));
        });
        return;
      }
      this.addEventListener('loadend', () => done(token, this.status), { once: true });
    }
    return send.call(this, body);
  };

  const ours = proto.send;
  return () => {
    // Restore only what is still ours, so a later wrapper of someone else's is not dropped.
    if (proto.send === ours) Object.assign(proto, { open, setRequestHeader, send });
  };
}
