import { webcrypto } from 'node:crypto';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { hashToken } from '../../src/utils/hash';
import { sha256 } from '../../src/utils/sha256';

/** The reference: Web Crypto (Node's), over the string's UTF-8 bytes. */
const webSha256 = async (text: string) =>
  Buffer.from(await webcrypto.subtle.digest('SHA-256', new TextEncoder().encode(text))).toString('hex');

/** As on a plain-http page that is not localhost: `crypto` is there, `crypto.subtle` is not. */
const insecureContext = () => vi.stubGlobal('crypto', { getRandomValues: webcrypto.getRandomValues.bind(webcrypto) });

describe('sha256 (the fallback where Web Crypto is missing)', () => {
  it.each([
    ['empty', ''],
    ['ASCII', 'abc'],
    ['a token', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl'],
    ['emoji (4-byte UTF-8, surrogate pairs)', '👩‍💻 on call 🎧'],
    ['CJK (3-byte UTF-8)', '坐席空闲超时 ログアウト'],
    ['a lone surrogate (encoded as U+FFFD)', 'a\uD800b'],
    // Padding edges: 55 bytes leave room for the 0x80 byte and the 8-byte length in one block, 56 do not.
    ...[55, 56, 63, 64, 65, 119, 120, 128, 1000].map((n) => [`${n} bytes`, 'x'.repeat(n)]),
    // Multi-byte characters straddling the padding edge: 18 × 3 + 1 = 55 bytes, 19 × 3 = 57.
    ['55 bytes of CJK and ASCII', '中'.repeat(18) + 'a'],
    ['57 bytes of CJK', '中'.repeat(19)],
  ])('equals Web Crypto: %s', async (_, text) => expect(sha256(text)).toBe(await webSha256(text)));

  it('matches the FIPS 180-4 examples', () => {
    expect(sha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it('equals Web Crypto for any string (property)', async () => {
    const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 100 }), fc.string({ maxLength: 200 }));
    await fc.assert(fc.asyncProperty(text, async (s) => {
        expect(sha256(s)).toBe(await webSha256(s));
      }), { numRuns: 300 });
  });

  // sha256.ts computes its constants with Math.sqrt/Math.cbrt instead of listing them. That is safe in every engine
  // only if no exact root lies near a 32-bit boundary: checked here with exact integer roots (BigInt), independent
  // of this engine's floating point. A root whose error (~1e-15 at most) would cross a boundary fails this test.
  it('its computed constants are far from a 32-bit rounding boundary, whatever the engine', () => {
    const root = (x: bigint, k: bigint) => {
      let [lo, hi] = [0n, 1n];
      while (hi ** k <= x) hi *= 2n;
      while (hi - lo > 1n) {
        const mid = (lo + hi) / 2n;
        [lo, hi] = mid ** k <= x ? [mid, hi] : [lo, mid];
      }
      return lo; // floor(x^(1/k))
    };
    const primes = [...Array(312).keys()].filter((n) => n > 1 && [...Array(n).keys()].slice(2).every((d) => n % d));
    expect(primes).toHaveLength(64);
    const margins = primes.flatMap((p, i) => {
      const roots = i < 8 ? [2n, 3n] : [3n];
      // The root to 64 fractional bits: the constant is bits 1–32 after the point, the margin is in bits 33–64.
      return roots.map((k) => root(BigInt(p) << (64n * k), k) & (2n ** 32n - 1n));
    });
    const nearest = margins.map((r) => Number(r < 2n ** 31n ? r : 2n ** 32n - r) / 2 ** 32); // in units of 2^-32
    // 1e-4 × 2^-32 ≈ 2e-14 of distance, against root errors of ~1e-15.
    expect(Math.min(...nearest)).toBeGreaterThan(1e-4);
  });
});

describe('hashToken', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.doUnmock('../../src/utils/sha256');
  });

  it('is the hex SHA-256 of the token, computed once per token', async () => {
    const p = hashToken('token-web');
    expect(hashToken('token-web')).toBe(p);
    expect(await p).toBe(await webSha256('token-web'));
  });

  it('without crypto.subtle (insecure context): does not throw, and resolves to the same hash', async () => {
    insecureContext();
    expect(globalThis.crypto.subtle).toBeUndefined();
    let p: Promise<string> | undefined;
    expect(() => (p = hashToken('token-insecure 🎧'))).not.toThrow();
    expect(await p).toBe(await webSha256('token-insecure 🎧'));
    expect(hashToken('token-insecure 🎧')).toBe(p); // cached too
  });

  it('without any crypto object: the same', async () => {
    vi.stubGlobal('crypto', undefined);
    expect(await hashToken('token-no-crypto')).toBe(await webSha256('token-no-crypto'));
  });

  it('with Web Crypto, never loads the fallback', async () => {
    vi.resetModules();
    vi.doMock('../../src/utils/sha256', () => {
      throw new Error('the fallback was loaded');
    });
    const { hashToken: fresh } = await import('../../src/utils/hash');
    expect(await fresh('token-secure')).toBe(await webSha256('token-secure'));
  });

  it('a fallback that cannot load: rejects (callers report it), never throws', async () => {
    insecureContext();
    vi.resetModules();
    vi.doMock('../../src/utils/sha256', () => {
      throw new Error('chunk failed to load');
    });
    const { hashToken: fresh } = await import('../../src/utils/hash');
    let p: Promise<string> | undefined;
    expect(() => (p = fresh('token-offline'))).not.toThrow();
    await expect(p).rejects.toThrow();
  });
});
