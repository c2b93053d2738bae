import type { RuleCredit } from '@quell/notify';
import { KnownRuleCredits } from './known-rule-credits';

const credit = (id: string, title = `title of ${id}`): RuleCredit => ({ id, title, author: 'Florian Roth' });

describe('KnownRuleCredits', () => {
  let now = 0;
  const known = (limits = { capacity: 100, maxAgeMs: 60_000 }) => new KnownRuleCredits(limits, () => now);
  beforeEach(() => (now = 1_000_000));

  it('gives the credits of rules read before, in the order asked', () => {
    const credits = known();
    credits.remember('acme', [credit('r-1'), credit('r-2')]);
    expect(credits.find('acme', ['r-2', 'r-1'])).toEqual([credit('r-2'), credit('r-1')]);
  });

  it('leaves out a rule never read, for the history to be asked', () => {
    const credits = known();
    credits.remember('acme', [credit('r-1')]);
    expect(credits.find('acme', ['r-unstored', 'r-1'])).toEqual([credit('r-1')]);
  });

  it('keeps tenants apart', () => {
    const credits = known();
    credits.remember('acme', [credit('r-1')]);
    expect(credits.find('globex', ['r-1'])).toEqual([]);
  });

  it('takes the latest read of a rule (a reloaded rule with a new title)', () => {
    const credits = known();
    credits.remember('acme', [credit('r-1', 'old title')]);
    credits.remember('acme', [credit('r-1', 'new title')]);
    expect(credits.find('acme', ['r-1'])).toEqual([credit('r-1', 'new title')]);
  });

  it('forgets a credit after maxAgeMs, so a renamed rule is read again', () => {
    const credits = known({ capacity: 100, maxAgeMs: 60_000 });
    credits.remember('acme', [credit('r-1')]);
    now += 60_000;
    expect(credits.find('acme', ['r-1'])).toEqual([credit('r-1')]);
    now += 1;
    expect(credits.find('acme', ['r-1'])).toEqual([]);
  });

  it('forgets the oldest read beyond its capacity, and a credit read again counts as new', () => {
    const credits = known({ capacity: 2, maxAgeMs: 60_000 });
    credits.remember('acme', [credit('r-1'), credit('r-2')]);
    credits.remember('acme', [credit('r-1')]);
    credits.remember('acme', [credit('r-3')]);
    expect(credits.find('acme', ['r-1', 'r-2', 'r-3'])).toEqual([credit('r-1'), credit('r-3')]);
  });
});
