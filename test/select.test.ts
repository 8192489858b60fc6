import { describe, expect, it } from 'vitest';
import { checks } from '../checks/index.js';
import { selectChecks } from '../src/select.js';

const ids = (rules?: string, skip?: string) => selectChecks(checks, { rules, skip, spec: '1.1.1' }).map((c) => c.meta.id);

describe('rule selection by globs', () => {
  it("'!glob' in --rules takes rules out of the selection", () => {
    const push = ids('push/*');
    const some = ids('push/*,!push/mount-from');
    expect(push).toContain('push/mount-from');
    expect(some).not.toContain('push/mount-from');
    expect(some).toHaveLength(push.length - 1);
  });

  it("'!glob' alone selects every rule but those", () => {
    const all = ids();
    const notPush = ids('!push/*');
    expect(notPush.some((id) => id.startsWith('push/'))).toBe(false);
    expect(notPush.length + ids('push/*').length).toBe(all.length);
  });

  it('--skip with a negation keeps only what it names (skip all but pull)', () => {
    expect(ids(undefined, '*/*,!pull/*').every((id) => id.startsWith('pull/'))).toBe(true);
  });

  it('a negated glob that names no rule is a typo, reported', () => {
    expect(() => ids('push/*,!push/mount-frm')).toThrow(/no rule matches '!push\/mount-frm'/);
  });
});
