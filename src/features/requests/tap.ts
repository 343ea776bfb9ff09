/**
 * What a tap answers for a request with its token: `undefined` lets it leave, an `Error` refuses it (the request
 * fails with it and is never sent), a promise holds it until it settles, after which the tap is asked again (the
 * start-up hold: this tab cannot tell yet whether the token is still live).
 */
export type Verdict = Error | Promise<unknown> | undefined;

/** What the fetch and XHR patches ask of the taps: may a request with `token` leave, and was it refused by the server. */
export interface Tap {
  /** A request carrying `token` is about to leave (`url` absolute, `method` upper case). */
  send(token: string, url: string, method: string): Verdict;
  /** The server answered it with `status` (called at least for every `401`; `0`: a network failure). */
  done(token: string, status: number): void;
}
