/** The bearer token in a request's headers, in any of the forms `fetch` and XHR accept. */
export function bearer(headers: HeadersInit | null | undefined): string | undefined {
  if (!headers) return;
  let value: string | null | undefined;
  if (typeof (headers as Headers).get === 'function') value = (headers as Headers).get('authorization');
  else if (Array.isArray(headers)) value = headers.find(([k]) => k.toLowerCase() === 'authorization')?.[1];
  else for (const k in headers) if (k.toLowerCase() === 'authorization') value = (headers as Record<string, string>)[k];
  const match = value && /^\s*bearer\s+(\S+)/i.exec(value);
  return match ? match[1] : undefined;
}
