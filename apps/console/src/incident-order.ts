import type { Incident } from './api/types';

/** The queue's order: highest priority first (P1 before P5), then the most recently active. */
export const byPriorityThenNewest = (a: Pick<Incident, 'priority' | 'lastSeen'>, b: Pick<Incident, 'priority' | 'lastSeen'>): number => a.priority - b.priority || b.lastSeen - a.lastSeen;
