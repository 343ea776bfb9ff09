// What the server saw, for tests to assert on: counts only, tokens named by their hash prefix.

/**
 * @typedef {'requests' | 'keepalives' | 'revokes' | 'unauthorized'} Counter
 * @typedef {Record<Counter, number> & { user?: string }} TokenStats
 */

export function createStats() {
  const fresh = () => ({
    requests: 0,
    keepalives: 0,
    revokes: 0,
    unauthorized: 0,
    /** Tokens that reached their idle timeout (found by a request or by the sweep). */
    expiries: 0,
    /** @type {Record<string, TokenStats>} */
    perToken: {},
  });
  let counts = fresh();

  /** @param {Counter} counter @param {string | null} hash @param {string} [user] */
  function bump(counter, hash, user) {
    counts[counter]++;
    if (!hash) return;
    const entry = (counts.perToken[hash] ??= { requests: 0, keepalives: 0, revokes: 0, unauthorized: 0 });
    if (user) entry.user = user;
    entry[counter]++;
  }

  return {
    /**
     * One API request (never a preflight). Keepalives and revokes count when they arrive, live token or
     * not: an SDK revoking at the idle deadline races the server's own expiry and may get a 401 for it.
     * @param {string | null} hash @param {string | undefined} user @param {'keepalive' | 'revoke' | null} kind
     */
    request(hash, user, kind) {
      bump('requests', hash, user);
      if (kind === 'keepalive') bump('keepalives', hash);
      if (kind === 'revoke') bump('revokes', hash);
    },
    unauthorized: (/** @type {string | null} */ hash) => bump('unauthorized', hash),
    expired: () => void counts.expiries++,
    reset: () => void (counts = fresh()),
    /** @param {{ name: string, id: string, systemPresence: string, routingStatus: string }[]} users */
    snapshot(users) {
      const presence = users.map(({ name, id, systemPresence, routingStatus }) => [name, { id, systemPresence, routingStatus }]);
      return { ...structuredClone(counts), users: Object.fromEntries(presence) };
    },
  };
}
