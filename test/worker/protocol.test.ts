import { describe, expect, it } from 'vitest';
import { parseWorkerMessage } from '../../src/worker/protocol';

describe('parseWorkerMessage: only well-formed messages of ours', () => {
  it('accepts each kind', () => {
    for (const m of [
      { v: 1, type: 'hello' },
      { v: 1, type: 'activity', hash: 'ab', method: 'GET', url: 'https://x/a' },
      { v: 1, type: 'unauthorized', hash: 'ab' },
      { v: 1, type: 'logged-out', hash: 'ab', reason: 'idle' },
    ])
      expect(parseWorkerMessage(m)).toEqual(m);
  });

  it('rejects other versions, unknown kinds, missing hashes, bad reasons and non-objects', () => {
    for (const m of [
      null,
      'hello',
      { v: 2, type: 'hello' },
      { v: 1, type: 'other', hash: 'ab' },
      { v: 1, type: 'activity', method: 'GET', url: '/a' },
      { v: 1, type: 'activity', hash: 'ab', method: 'GET' },
      { v: 1, type: 'logged-out', hash: 'ab', reason: 'bored' },
      { v: 1, type: 'unauthorized', hash: 7 },
    ])
      expect(parseWorkerMessage(m)).toBeUndefined();
  });
});
