import type { ErrorCode } from '../types/vocabulary';
import { IdleLogoutError } from './idle-logout-error';

/**
 * A request the SDK sent on its own failed (the revoke, a keepalive, a read of the server's clock): reported through
 * the `error` event under the same `code`, with the request's `url` and the answer's `status` (0: no answer, the
 * network failed or the server did not answer in time; then `cause` holds what the browser said).
 */
export class IdleRequestError extends IdleLogoutError {
  override name = 'IdleRequestError';
  constructor(
    code: ErrorCode,
    /** The URL the request went to. */
    readonly url: string,
    /** The HTTP status; 0 when no answer came. */
    readonly status: number,
    /** What the browser said when no answer came (a `TypeError` from `fetch`). */
    override readonly cause?: unknown,
  ) {
    super(code, `${code}: ${status ? `HTTP ${status}` : 'no answer'} from ${url}`);
  }
}
