import { describe, expect, it } from 'vitest';
import { isOrigin } from '../../src/core/origin';

describe('isOrigin: exact origins only', () => {
  it.each([
    ['https://crm.example.com', true],
    ['http://localhost:8080', true],
    ['http://127.0.0.1:3000', true],
    ['http://[::1]:3000', true],
    ['https://crm.example.com/', false],
    ['https://crm.example.com/path', false],
    ['https://crm.example.com:443', false], // default port is not part of the origin
    ['HTTPS://CRM.example.com', false],
    ['*', false],
    ['https://*.example.com', false],
    ['crm.example.com', false],
    ['null', false],
    ['', false],
    ['https://user@crm.example.com', false],
    [' https://crm.example.com', false],
    [undefined, false],
    [42, false],
  ])('%s → %s', (value, ok) => expect(isOrigin(value)).toBe(ok));
});
