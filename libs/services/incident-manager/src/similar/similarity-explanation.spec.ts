import type { SimilarIncident } from '@quell/platform-incident-history';
import { durationText, explainSimilarity } from './similarity-explanation';

const past: SimilarIncident = {
  id: 'p1', title: 'Brute force on web-9', status: 'resolved', score: 0.45, jaccard: { rules: 0.5, techniques: 0.5, entities: 0.25 },
  sharedRules: ['brute'], sharedTechniques: ['T1110.001'], sharedEntities: ['ip:203.0.113.5'],
  resolutionCode: 'false_positive', resolutionNote: null, timeToResolveMs: 2 * 3_600_000, resolvedAt: Date.UTC(2026, 10, 28, 12),
};

describe('explainSimilarity', () => {
  it('gives each dimension its shared items, Jaccard index, weight and contribution, which sum to the score', () => {
    const explained = explainSimilarity(past);
    expect(explained.explanation).toEqual({
      rules: { shared: ['brute'], jaccard: 0.5, weight: 0.5, contribution: 0.25 },
      techniques: { shared: ['T1110.001'], jaccard: 0.5, weight: 0.3, contribution: 0.15 },
      entities: { shared: ['ip:203.0.113.5'], jaccard: 0.25, weight: 0.2, contribution: 0.05 },
    });
    const { rules, techniques, entities } = explained.explanation;
    expect(rules.contribution + techniques.contribution + entities.contribution).toBeCloseTo(explained.score, 4);
    expect(explained).toMatchObject({ resolution: 'false_positive', resolvedAt: '2026-11-28T12:00:00.000Z', timeToResolveMs: 7_200_000 });
  });

  it('says it in one line: what is shared, how it ended and after how long', () => {
    expect(explainSimilarity(past).summary).toBe('shares rule brute, technique T1110.001 and entity ip:203.0.113.5; resolved as false_positive after 2 h');
    expect(explainSimilarity({ ...past, resolutionNote: 'after the backup job ran' }).summary).toBe(
      'shares rule brute, technique T1110.001 and entity ip:203.0.113.5; resolved as false_positive after 2 h ("after the backup job ran")',
    );
    const entitiesOnly = { ...past, sharedRules: [], sharedTechniques: [], sharedEntities: ['host:web-1', 'user:alice'], resolutionCode: null, status: 'closed', timeToResolveMs: 125 * 60_000 };
    expect(explainSimilarity(entitiesOnly).summary).toBe('shares entities host:web-1, user:alice; closed after 2 h 5 min');
  });
});

describe('durationText', () => {
  it('names the largest unit and the next one when it is not zero', () => {
    expect([0, 45_000, 12 * 60_000 + 5_000, 3_600_000, 3_660_000, 76 * 3_600_000].map(durationText)).toEqual(['0 s', '45 s', '12 min 5 s', '1 h', '1 h 1 min', '3 d 4 h']);
  });
});
