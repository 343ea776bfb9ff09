const cache = new Map<string, Promise<string>>();

/**
 * The token's identity everywhere outside this page's memory (storage keys, broadcasts, posts):
 * hex SHA-256, computed once per token. Rejects where Web Crypto is missing (insecure context).
 */
export function hashToken(token: string): Promise<string> {
  let hash = cache.get(token);
  if (!hash) {
    hash = crypto.subtle
      .digest('SHA-256', new TextEncoder().encode(token))
      .then((buf) => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join(''));
    // Keep the cache from holding every token a long-lived page ever saw.
    if (cache.size > 16) cache.clear();
    cache.set(token, hash);
  }
  return hash;
}
