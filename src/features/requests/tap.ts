/** What the fetch and XHR patches ask of the taps: may a request with `token` leave, and how did it end. */
export interface Tap {
  /** A request carrying `token` is about to leave (`url` absolute, `method` upper case). Return an error to refuse it. */
  send(token: string, url: string, method: string): Error | undefined;
  /** Its response (or network failure: status 0) arrived. */
  done(token: string, status: number): void;
}
