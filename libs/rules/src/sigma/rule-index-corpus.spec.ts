import { DetectionRuleSet } from './rule-index';
import { corpusDetectionRules, eventsFromRuleValues, otrfEvents, regressionEvents } from './rule-index-corpus.test-util';

describe('DetectionRuleSet over the SigmaHQ corpus', () => {
  const rules = corpusDetectionRules();
  const events = [...regressionEvents(), ...otrfEvents()];
  const naive = new DetectionRuleSet(rules, { indexed: false });
  const indexed = new DetectionRuleSet(rules);

  it('holds the corpus rules and the regression and OTRF events', () => {
    expect(rules.length).toBeGreaterThan(3700);
    expect(events.length).toBeGreaterThan(300);
  });

  it('returns for every event exactly the rules the plain loop returns', () => {
    let matches = 0;
    for (const event of events) {
      const expected = naive.match(event).map((r) => `${r.file}#${r.line}`);
      expect({ event: event.id, rules: indexed.match(event).map((r) => `${r.file}#${r.line}`) }).toEqual({ event: event.id, rules: expected });
      matches += expected.length;
    }
    // Not vacuous: 200 rule hits on these events when this was written.
    expect(matches).toBeGreaterThan(150);
  });

  it('returns exactly what the plain loop returns on events built from each rule\'s own values', () => {
    let matches = 0;
    for (const event of eventsFromRuleValues(rules)) {
      const expected = naive.match(event).map((r) => `${r.file}#${r.line}`);
      expect({ event: event.id, rules: indexed.match(event).map((r) => `${r.file}#${r.line}`) }).toEqual({ event: event.id, rules: expected });
      matches += expected.length;
    }
    expect(matches).toBeGreaterThan(2000);
  });
});
