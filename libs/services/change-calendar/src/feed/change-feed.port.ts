import type { Change } from '@quell/contracts';

export const CHANGE_FEED = Symbol('CHANGE_FEED');

/**
 * Every version of every change, as all replicas share it: publish() writes one to the compacted
 * changes topic; follow() hands every change already there and then each new one to `apply`, and
 * resolves once what was there at the start has been applied (the replica is then ready).
 */
export interface ChangeFeed {
  publish(change: Change): Promise<void>;
  follow(apply: (change: Change) => void): Promise<void>;
  /** False once following has failed (readiness). */
  isHealthy(): boolean;
  stop(): Promise<void>;
}
