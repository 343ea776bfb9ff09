import type { UrlPattern } from '../types/options';

const matches = (url: string, p: UrlPattern) =>
  typeof p === 'string' ? url.includes(p) : p instanceof RegExp ? p.test(url) : p(url);

/** Builds the `activity.api` filter: does a request to this URL count as activity? */
export function urlFilter(api: boolean | { include?: UrlPattern[]; exclude?: UrlPattern[] } = true): (url: string) => boolean {
  if (typeof api === 'boolean') return () => api;
  const { include, exclude = [] } = api;
  return (url) => (!include || include.some((p) => matches(url, p))) && !exclude.some((p) => matches(url, p));
}
