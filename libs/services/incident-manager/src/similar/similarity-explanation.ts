import type { SimilarIncident } from '@quell/platform-incident-history';
import { SIMILARITY_WEIGHTS } from '@quell/platform-incident-history';

/** How the score is computed, as the API states it beside every answer. */
export const SIMILARITY_METHOD = {
  formula: 'score = 0.5·J(rules) + 0.3·J(techniques) + 0.2·J(entities), where J(A, B) = |A ∩ B| / |A ∪ B| (0 when both are empty)',
  weights: SIMILARITY_WEIGHTS,
  compared: 'the incident’s rule ids, ATT&CK technique ids and entities against the latest version of each resolved or closed incident of the tenant (merged ones left out)',
} as const;

type Dimension = keyof typeof SIMILARITY_WEIGHTS;

/** One dimension's part of the score: what is shared, its Jaccard index, its weight and their product. */
export interface DimensionShare {
  shared: string[];
  jaccard: number;
  weight: number;
  contribution: number;
}

/** A similar past incident as the API answers it: how it ended, and why it scored what it did. */
export interface ExplainedSimilarIncident {
  id: string;
  title: string;
  status: string;
  score: number;
  resolution: string | null;
  /** The analyst's note on the resolution, e.g. `after the backup job ran`. */
  resolutionNote: string | null;
  resolvedAt: string;
  timeToResolveMs: number;
  explanation: Record<Dimension, DimensionShare>;
  /** For a human, e.g. `shares rule brute, technique T1110.001 and entity ip:203.0.113.5; resolved as false_positive after 2 h ("backup job")`. */
  summary: string;
}

const round4 = (value: number) => Math.round(value * 10_000) / 10_000;

export function explainSimilarity(similar: SimilarIncident): ExplainedSimilarIncident {
  const share = (dimension: Dimension, shared: string[]): DimensionShare => ({
    shared,
    jaccard: round4(similar.jaccard[dimension]),
    weight: SIMILARITY_WEIGHTS[dimension],
    contribution: round4(SIMILARITY_WEIGHTS[dimension] * similar.jaccard[dimension]),
  });
  const explanation = {
    rules: share('rules', similar.sharedRules),
    techniques: share('techniques', similar.sharedTechniques),
    entities: share('entities', similar.sharedEntities),
  };
  return {
    id: similar.id,
    title: similar.title,
    status: similar.status,
    score: similar.score,
    resolution: similar.resolutionCode,
    resolutionNote: similar.resolutionNote,
    resolvedAt: new Date(similar.resolvedAt).toISOString(),
    timeToResolveMs: similar.timeToResolveMs,
    explanation,
    summary: `${sharesText(explanation)}; ${similar.resolutionCode ? `resolved as ${similar.resolutionCode}` : similar.status} after ${durationText(similar.timeToResolveMs)}${similar.resolutionNote ? ` ("${similar.resolutionNote}")` : ''}`,
  };
}

function sharesText(explanation: Record<Dimension, DimensionShare>): string {
  const parts = [
    listed('rule', explanation.rules.shared),
    listed('technique', explanation.techniques.shared),
    listed('entity', explanation.entities.shared, 'entities'),
  ].filter((part) => part !== '');
  const last = parts.pop() ?? '';
  return `shares ${parts.length > 0 ? `${parts.join(', ')} and ${last}` : last}`;
}

function listed(noun: string, items: string[], plural = `${noun}s`): string {
  if (items.length === 0) return '';
  return `${items.length === 1 ? noun : plural} ${items.join(', ')}`;
}

/** 45 s, 12 min, 2 h, 2 h 5 min, 3 d 4 h: the largest unit, and the next one when it is not 0. */
export function durationText(ms: number): string {
  const units: [string, number][] = [['d', 86_400_000], ['h', 3_600_000], ['min', 60_000], ['s', 1_000]];
  const first = units.findIndex(([, size]) => ms >= size);
  if (first < 0) return '0 s';
  const [name, size] = units[first];
  const text = `${Math.floor(ms / size)} ${name}`;
  const next = units[first + 1];
  const more = next ? Math.floor((ms % size) / next[1]) : 0;
  return more > 0 ? `${text} ${more} ${next[0]}` : text;
}
