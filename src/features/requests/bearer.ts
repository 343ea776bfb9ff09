/** The bearer token in a request's headers, in any of the forms `fetch` and XHR accept. */
export function bearer(headers: HeadersInit | null | undefined): string | undefined {
  if (!headers) return;
  let value: string | null | undefined;
  if (typeof (headers as Headers).get === 'function') value = (headers as Headers).get('authorization');
  // Pairs or a record (own keys, as fetch reads it): the first Authorization header.
  else for (const [k, v] of Array.isArray(headers) ? headers : Object.entries(headers)) if (k.toLowerCase() === 'authorization') value ??= v;
  const match = value && /^\s*bearer\s+(\S+)/i.exec(value);
  return match ? match[1] : undefined;
}
