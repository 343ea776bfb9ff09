/** The last Authorization value parsed, and its token: an app sends the same value with request after request. */
let lastValue: string | undefined;
let lastToken: string | undefined;

/** The bearer token in an Authorization header's value. */
export function tokenOf(value: string | null | undefined): string | undefined {
  if (value !== lastValue) lastToken = /^\s*bearer\s+(\S+)/i.exec((lastValue = value || ''))?.[1];
  return lastToken;
}

/**
 * Whether a header name is Authorization, in any case. The usual spelling is compared as it is: lower-casing it would
 * build a new string on every request. Other names are checked by length first (no string built for them either).
 */
export const isAuthorization = (name: string) => name === 'Authorization' || (name.length === 13 && name.toLowerCase() === 'authorization');

/** The bearer token in a request's headers, in any of the forms `fetch` and XHR accept. Allocates nothing for a plain record. */
export function bearer(headers: HeadersInit | null | undefined): string | undefined {
  if (!headers) return;
  if (typeof (headers as Headers).get === 'function') return tokenOf((headers as Headers).get('authorization'));
  // Pairs or a record (fetch reads its own keys; for…in adds inherited enumerable ones, which records do not have).
  if (Array.isArray(headers)) {
    for (const pair of headers) if (isAuthorization(pair[0])) return tokenOf(pair[1]);
    return;
  }
  for (const k in headers) if (isAuthorization(k)) return tokenOf((headers as Record<string, string>)[k]);
}
