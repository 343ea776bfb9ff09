import { describe, expect, it } from 'vitest';
import { urlFilter } from '../../src/core/url-match';

const URL_ = 'https://api.example.com/api/v2/users/42/presence';

describe('urlFilter: does a request to this URL count as activity?', () => {
  it('true and the default count everything; false nothing', () => {
    expect(urlFilter()(URL_)).toBe(true);
    expect(urlFilter(true)(URL_)).toBe(true);
    expect(urlFilter(false)(URL_)).toBe(false);
  });

  it('include: a substring, a RegExp or a predicate must match', () => {
    expect(urlFilter({ include: ['/api/v2/'] })(URL_)).toBe(true);
    expect(urlFilter({ include: ['/analytics/'] })(URL_)).toBe(false);
    expect(urlFilter({ include: [/\/users\/\d+\//] })(URL_)).toBe(true);
    expect(urlFilter({ include: [(u) => u.startsWith('https://api.example.com/')] })(URL_)).toBe(true);
  });

  it('exclude wins over include: background polling is left out', () => {
    expect(urlFilter({ exclude: [/presence$/] })(URL_)).toBe(false);
    expect(urlFilter({ include: ['/api/'], exclude: ['/presence'] })(URL_)).toBe(false);
    expect(urlFilter({ exclude: ['/presence'] })('https://api.example.com/api/v2/conversations')).toBe(true);
  });
});
