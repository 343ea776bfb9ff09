import { describe, expect, it } from 'vitest';
import { sanitizeRoute } from '../../src/core/route';

const O = 'https://app.example.com';

describe('sanitizeRoute: only same-origin paths come back', () => {
  it.each([
    ['/queues/42?tab=stats#top', '/queues/42?tab=stats#top'],
    ['/', '/'],
    ['/a%20b/c?q=%C3%A9#x', '/a%20b/c?q=%C3%A9#x'],
    [`${O}/queues/42?x=1`, '/queues/42?x=1'],
    ['/a/../b', '/b'],
    ['/search?q=a+b&next=/x', '/search?q=a+b&next=/x'],
  ])('keeps %s', (route, expected) => expect(sanitizeRoute(route, O)).toBe(expected));

  it.each([
    ['an implicit grant\'s fragment', '/app#access_token=SECRET&token_type=bearer&expires_in=3600', '/app#token_type=bearer&expires_in=3600'],
    ['a fragment of only a token', '/app#access_token=SECRET', '/app'],
    ['an id token and a refresh token in the query', '/app?x=1&id_token=SECRET&refresh_token=SECRET', '/app?x=1'],
    ['an authorization code response', '/callback?code=SECRET&state=abc&session_state=s&iss=https%3A%2F%2Fidp', '/callback'],
    ['a code response beside the app\'s own parameter', '/queues?tab=2&code=SECRET&state=abc#top', '/queues?tab=2#top'],
    ['a code in a hash route\'s query', '/#/queues?code=SECRET&state=abc&tab=2', '/#/queues?tab=2'],
    ['a token in a hash route\'s query, nothing left', '/#/queues?access_token=SECRET', '/#/queues'],
  ])('drops an OAuth redirect\'s credentials: %s', (_, route, expected) => {
    expect(sanitizeRoute(route, O)).toBe(expected);
    expect(sanitizeRoute(`${O}${route}`, O)).toBe(expected);
  });

  it.each([
    ['`state` without a code (the app\'s own)', '/tickets?state=open'],
    ['a hash route', '/#/queues/42'],
    ['an anchor', '/help#section-2'],
    ['a parameter named like one inside another', '/search?q=access_token%3Dx'],
  ])('keeps what is not a credential: %s', (_, route) => expect(sanitizeRoute(route, O)).toBe(route));

  it.each([
    ['protocol-relative', '//evil.com/x'],
    ['protocol-relative with backslash', '/\\evil.com'],
    ['backslashes', '\\\\evil.com'],
    ['backslash inside', '/a\\b'],
    ['javascript:', 'javascript:alert(1)'],
    ['JavaScript: mixed case with spaces', ' JaVaScRiPt:alert(1)'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['vbscript:', 'vbscript:msgbox'],
    ['another origin', 'https://evil.com/queues'],
    ['same host, other scheme', 'http://app.example.com/x'],
    ['same host, other port', 'https://app.example.com:8443/x'],
    ['userinfo trick', `${O}@evil.com/x`],
    ['origin as prefix of a longer host', `${O}.evil.com/x`],
    ['relative path', 'queues/42'],
    ['empty', ''],
    ['encoded slash', '/%2Fevil.com'],
    ['encoded slashes', '/%2F%2Fevil.com'],
    ['double-encoded slash', '/%252F%252Fevil.com'],
    ['triple-encoded slash', '/%25252F%25252Fevil.com'],
    ['encoded backslash', '/%5Cevil.com'],
    ['encoded backslash, lower case', '/%5cevil.com'],
    ['tab (the URL parser strips it)', '/\t/evil.com'],
    ['newline', '/a\nb'],
    ['encoded CR LF', '/a%0d%0aSet-Cookie:x=1'],
    ['NUL', '/a\0b'],
    ['encoded NUL', '/a%00b'],
    ['DEL', '/a\x7fb'],
    ['dot segment to //', '/.//evil.com'],
    ['dot-dot to //', '/..//evil.com'],
    ['encoded dot segment to //', '/%2e//evil.com'],
    ['malformed escape', '/a%E0%A4%A'],
    ['too long', `/${'a'.repeat(3000)}`],
  ])('refuses %s', (_, route) => expect(sanitizeRoute(route, O)).toBeUndefined());

  it.each([[undefined], [null], [42], [{ toString: () => '/x' }], [['/x']]])('refuses non-strings: %s', (v) =>
    expect(sanitizeRoute(v, O)).toBeUndefined(),
  );

  it('refuses everything on an opaque origin', () => expect(sanitizeRoute('/x', 'null')).toBeUndefined());
});
