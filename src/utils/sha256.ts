// SHA-256 (FIPS 180-4) for pages without Web Crypto: plain-http pages that are not localhost (intranet apps) are
// insecure contexts, where `crypto.subtle` is undefined. Loaded by hash.ts only there, so it costs other pages nothing.

const H0: number[] = [];
const K: number[] = [];
// The constants are the first 32 bits of the fractional parts of the square roots (H0) of the first 8 primes and the
// cube roots (K) of the first 64 (FIPS 180-4 §4.2.2, §5.3.3). Computed rather than listed: each lies far enough from
// a 32-bit boundary that any engine's cbrt/sqrt (error ~1e-15) truncates it correctly (test/utils/hash.test.ts).
const frac32 = (x: number) => ((x - Math.floor(x)) * 2 ** 32) >>> 0;
primes: for (let n = 2; K.length < 64; n++) {
  for (let d = 2; d * d <= n; d++) if (n % d === 0) continue primes;
  if (H0.length < 8) H0.push(frac32(Math.sqrt(n)));
  K.push(frac32(Math.cbrt(n)));
}

const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));

/** The SHA-256 of a string's UTF-8 bytes, in lowercase hex: what `crypto.subtle.digest('SHA-256', …)` gives. */
export function sha256(text: string): string {
  const bytes = new TextEncoder().encode(text);
  const n = bytes.length;
  // Big-endian words of the message, a 1 bit, zeros, and the length in bits as 64 bits: whole 64-byte blocks.
  const m = new Uint32Array((((n + 8) >> 6) + 1) * 16);
  bytes.forEach((b, i) => (m[i >> 2] |= b << (24 - 8 * (i & 3))));
  m[n >> 2] |= 0x80 << (24 - 8 * (n & 3));
  m[m.length - 2] = n / 2 ** 29; // the length's high word (a Uint32Array truncates)
  m[m.length - 1] = n * 8; // and its low word (stored mod 2^32)
  const h = H0.slice();
  const w = new Uint32Array(64);
  for (let i = 0; i < m.length; i += 16) {
    w.set(m.subarray(i, i + 16));
    for (let t = 16; t < 64; t++) {
      const x = w[t - 15];
      const y = w[t - 2];
      // Sums of up to five 32-bit terms are exact in a double; a Uint32Array slot or `| 0` reduces them mod 2^32.
      w[t] = (rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3)) + (rotr(y, 17) ^ rotr(y, 19) ^ (y >>> 10)) + w[t - 7] + w[t - 16];
    }
    let [a, b, c, d, e, f, g, k] = h;
    for (let t = 0; t < 64; t++) {
      const t1 = k + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[t] + w[t];
      const t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
      [k, g, f, e, d, c, b, a] = [g, f, e, (d + t1) | 0, c, b, a, (t1 + t2) | 0];
    }
    [a, b, c, d, e, f, g, k].forEach((v, j) => (h[j] = (h[j] + v) | 0));
  }
  return h.map((v) => (v >>> 0).toString(16).padStart(8, '0')).join('');
}
