import type { Change } from '@quell/contracts';

/** Port token of the change history (ChangeHistory), provided by the service kit's storage wiring. */
export const CHANGE_HISTORY = Symbol('CHANGE_HISTORY');

/** Every version of every change, mirrored from the changes topic, for history and search queries. */
export interface ChangeHistory {
  /** Stores versions; storing one again changes nothing (reads collapse duplicates). Throws on failure. */
  record(versions: readonly Change[], recordedAt: number): Promise<void>;
  /** Every version of a change, oldest first; empty when the change is unknown in the tenant. */
  versions(tenant: string, id: string): Promise<Change[]>;
  /** The latest version of every change of every tenant (a one-process calendar rebuilds from it). */
  latestVersions(): Promise<Change[]>;
}
