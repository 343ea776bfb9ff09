import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as bounds from '../../src/core/policy';
// The `docs` step of npm test runs this check on the real files (`node scripts/docs.mjs --check`); here it is run on
// copies with one thing changed, to show each kind of disagreement is caught.
import { checkOptionsDocs, optionRows, optionsFromTypes } from '../../scripts/docs.mjs';

const readme = readFileSync('README.md', 'utf8');
const types = readFileSync('src/types/options.ts', 'utf8');
/** `text` with `from` (which must be there once) replaced by `to`. */
const change = (text: string, from: string, to: string) => {
  expect(text.split(from)).toHaveLength(2);
  return text.replace(from, to);
};

describe("README's options tables are checked against the options' TSDoc and policy.ts' bounds", () => {
  it('finds every option of IdleLogoutOptions in the types, with nested ones (activity.api, revoke.method)', () => {
    const paths = optionsFromTypes(types).map((o: { path: string }) => o.path);
    expect(paths).toEqual(expect.arrayContaining(['getToken', 'timeoutMs', 'warnBeforeMs', 'activity.api', 'activity.input', 'revoke.method', 'unsafeShortTimeouts']));
    expect(optionRows(readme).map((r: { path: string }) => r.path)).toEqual(expect.arrayContaining(['getToken', 'warnBeforeMs', 'activity.api', 'sync', 'schedule']));
  });

  it('the files as they are agree', () => {
    expect(checkOptionsDocs(readme, types, bounds)).toEqual([]);
  });

  it.each([
    ['a default in README that the TSDoc does not say', () => [change(readme, '| `hipaa` | `false` |', '| `hipaa` | `true` |'), types], 'hipaa: README says default "true", the TSDoc "false"'],
    ['a TSDoc default that README does not say', () => [readme, change(types, '   * @default 2000 with `revoke`, else 0', '   * @default 3000 with `revoke`, else 0')], 'revokeAheadMs: README says default "2000 with revoke, else 0", the TSDoc "3000 with revoke, else 0"'],
    ['an optional option without @default', () => [readme, change(types, '   * HIPAA orgs may not exceed a 15 minute timeout.\n   * @default false\n', '   * HIPAA orgs may not exceed a 15 minute timeout.\n')], 'hipaa: no @default in src/types/options.ts'],
    ['an option with no row', () => [readme.replace(/^\| `workers` .*\n/m, ''), types], "workers: no row in README's options tables"],
    ['a row for no option', () => [change(readme, '| `sync` | `true` |', '| `synch` | `true` |'), types], 'synch: a README row for no option of IdleLogoutOptions'],
    ["a nested default missing from its parent's row", () => [change(readme, "method = 'DELETE'", "method = 'POST'"), types], `revoke.method: README's revoke row does not say "method = 'DELETE'"`],
    ['a bound README does not give', () => [change(readme, '28,800,000 (8 h)', '36,000,000 (10 h)'), types], 'timeoutMs: README does not give MAX_TIMEOUT (28,800,000 or 8 h)'],
    ['a bound the TSDoc does not give', () => [readme, change(types, 'at least 20 s, less than the timeout', 'at least 30 s, less than the timeout')], 'warnBeforeMs: TSDoc does not give MIN_WARN (20,000 or 20 s)'],
    ['a schedule time schedule.at would refuse', () => [readme.replaceAll("at: '18:30'", "at: '6:30pm'"), types], "at: '6:30pm' in README is not a time schedule.at accepts"],
  ])('fails on %s', (_, files, problem) => {
    const [r, t] = files();
    // The change is caught (a change may break more than one rule: a renamed row is also a missing one).
    expect(checkOptionsDocs(r, t, bounds)).toContain(problem);
  });
});
