import { describe, expect, it } from '@jest/globals';
import { byPriorityThenNewest } from './incident-order';
import { parseHash } from './hash-route';

describe('the queue order', () => {
  it('lists P1 before P5, then the most recently active first', () => {
    const rows = [
      { id: 'p3-old', priority: 3, lastSeen: 1 },
      { id: 'p1-old', priority: 1, lastSeen: 1 },
      { id: 'p5-new', priority: 5, lastSeen: 9 },
      { id: 'p1-new', priority: 1, lastSeen: 5 },
    ];
    expect([...rows].sort(byPriorityThenNewest).map((r) => r.id)).toEqual(['p1-new', 'p1-old', 'p3-old', 'p5-new']);
  });
});

describe('hash routes', () => {
  it('reads the page and the decoded id, and defaults to the queue', () => {
    expect(parseHash('#/incidents/abc%3A1')).toEqual({ page: 'incidents', id: 'abc:1' });
    expect(parseHash('#/changes')).toEqual({ page: 'changes', id: null });
    expect(parseHash('')).toEqual({ page: 'incidents', id: null });
  });
});
