const cache = new Map<string, Promise<string>>();

const hex = (buf: ArrayBuffer) => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * The token's identity everywhere outside this page's memory (storage keys, broadcasts, posts): hex SHA-256, computed
 * once per token. Web Crypto where the page has it; where it has not (an insecure context: a plain-http page that is
 * not localhost, such as an intranet app) the same hash from a small script loaded only then, so tab sync works there
 * too. Never throws: rejects only if that script cannot be loaded.
 */
export function hashToken(token: string): Promise<string> {
  let hash = cache.get(token);
  if (!hash) {
    const subtle = globalThis.crypto?.subtle;
    hash = subtle ? subtle.digest('SHA-256', new TextEncoder().encode(token)).then(hex) : import('./sha256').then((m) => m.sha256(token));
    // Keep the cache from holding every token a long-lived page ever saw.
    if (cache.size > 16) cache.clear();
    cache.set(token, hash);
  }
  return hash;
}
