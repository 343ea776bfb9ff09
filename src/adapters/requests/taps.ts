/**
 * Every idle-logout instance in the page is a tap on one shared interception: each claims its own
 * token. Patching once keeps fetch/XHR from being wrapped once per instance.
 */
export interface Tap {
  /** A request carrying `token` is about to leave. Return an error to refuse it. */
  send(token: string, url: string): Error | undefined;
  /** Its response (or network failure: status 0) arrived. */
  done(token: string, status: number): void;
}

export const taps = new Set<Tap>();

export function beforeSend(token: string, url: string): Error | undefined {
  for (const tap of taps) {
    const refusal = tap.send(token, url);
    if (refusal) return refusal;
  }
}

export function afterResponse(token: string, status: number): void {
  taps.forEach((tap) => tap.done(token, status));
}
