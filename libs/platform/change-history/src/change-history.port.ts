import type { Alert, Change } from '@quell/contracts';

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
  /** Stores alerts a change suppressed or annotated (by suppression.changeId); storing one again changes nothing. Throws on failure. */
  recordSuppressed(alerts: readonly Alert[], recordedAt: number): Promise<void>;
  /** One page of the alerts a change suppressed or annotated, by first seen then id. */
  suppressedAlerts(tenant: string, changeId: string, query: SuppressedAlertQuery): Promise<SuppressedAlertPage>;
}

/** Where a listing of suppressed alerts resumes: the last alert of the page before. */
export interface SuppressedAlertPosition {
  firstSeen: number;
  id: string;
}

export interface SuppressedAlertQuery {
  /** Alerts first seen in [from, to), epoch ms; open when unset. */
  from?: number;
  to?: number;
  after?: SuppressedAlertPosition;
  limit: number;
}

export interface SuppressedAlertPage {
  alerts: Alert[];
  /** Where the next page starts; null on the last one. */
  next: SuppressedAlertPosition | null;
}
