import { describe, expect, it } from 'vitest';
import { SCHEMA, type Schema } from '../../src/core/options';
import type { ActivityOptions, IdleLogoutOptions, RevokeOptions } from '../../src/types/options';

// Compile-time proofs (tsc -p tsconfig.test.json checks this file): the options schema must have a rule for every key
// of `IdleLogoutOptions`, nested objects and both forms of a union too, and no rule for a key the types lack. Each
// `@ts-expect-error` fails the type check if the line below it compiles, i.e. if a key could go without a rule.

/** The options' types with one more top-level key. */
type WithTop = IdleLogoutOptions & { brandNew?: boolean };
/** One more key inside a nested section (`activity.api`'s object form). */
type WithNested = Omit<IdleLogoutOptions, 'activity'> & {
  activity?: Omit<ActivityOptions, 'api'> & { api?: boolean | { include?: string[]; exclude?: string[]; only?: string[] } };
};
/** One more key in one form of a union (`revoke`'s OAuth form). */
type WithUnion = Omit<IdleLogoutOptions, 'revoke'> & { revoke?: false | RevokeOptions | { oauth: object; audience?: string } };

// Each is compared as a fresh object (`{ ...SCHEMA }`), as the schema's own literal is checked in options.ts: comparing
// two instances of `Schema<…>` directly lets TypeScript shortcut through its guess of the alias' variance.
// The schema as it is fits the types exactly.
const exact: Schema<IdleLogoutOptions> = SCHEMA;
// @ts-expect-error a top-level key without a rule
const top: Schema<WithTop> = { ...SCHEMA };
// @ts-expect-error a nested key without a rule
const nested: Schema<WithNested> = { ...SCHEMA };
// @ts-expect-error a key of one member of a union without a rule
const union: Schema<WithUnion> = { ...SCHEMA };
// @ts-expect-error a rule for a key the types do not have
const extra: Schema<IdleLogoutOptions> = { ...SCHEMA, brandNew: 'b' };
// @ts-expect-error a kind that does not exist
const kind: Schema<IdleLogoutOptions> = { ...SCHEMA, sync: 'B' };

describe('the options schema is typed against IdleLogoutOptions', () => {
  it('has a rule for every top-level option (the type test above is the proof; this keeps the values in use)', () => {
    expect(Object.keys(exact).sort()).toEqual(Object.keys(SCHEMA).sort());
    expect([top, nested, union, extra, kind].every(Boolean)).toBe(true);
  });
});
