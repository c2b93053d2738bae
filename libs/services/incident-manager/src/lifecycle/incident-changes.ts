import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import type { Incident } from '@quell/contracts';

/** What a live view is told of one incident version. */
export interface IncidentChange {
  /** `<incident id>@<version>`: the SSE event id, the same on every replica. */
  eventId: string;
  tenant: string;
  id: string;
  version: number;
  status: string;
  priority: number;
  severity: string;
  title: string;
  assignee: string | null;
  lastSeen: number;
}

export type IncidentListener = (change: IncidentChange) => void;

/** Changes kept for a reconnecting stream (Last-Event-ID) and versions remembered to drop repeats. */
const RECENT_CHANGES = 1_000;
const MAX_SEEN = 50_000;

/**
 * This replica's feed of incident versions for live views (the SSE stream): fed by its own writes
 * at once and by its private tail of the incidents topic (every replica's writes and the alert
 * fold's). A version at or below the one last seen for the incident is dropped, so a write seen
 * both ways reaches listeners once.
 */
@Injectable()
export class IncidentChanges {
  private readonly listeners = new Set<IncidentListener>();
  private readonly seen = new LRUCache<string, number>({ max: MAX_SEEN });
  private readonly recent: IncidentChange[] = [];

  publish(incident: Incident): void {
    const key = `${incident.tenant}\u0000${incident.id}`;
    if ((this.seen.peek(key) ?? 0) >= incident.version) return;
    // Beyond MAX_SEEN, the incident least recently changed is forgotten first.
    this.seen.set(key, incident.version);
    const change = changeOf(incident);
    this.recent.push(change);
    if (this.recent.length > RECENT_CHANGES) this.recent.shift();
    for (const listener of this.listeners) listener(change);
  }

  /** Calls `listener` with every newer version from now on; returns the unsubscribe function. */
  subscribe(listener: IncidentListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The tenant's changes after the one with `eventId`; null when this replica no longer (or never) held it. */
  since(tenant: string, eventId: string): IncidentChange[] | null {
    const at = this.recent.findIndex((change) => change.eventId === eventId && change.tenant === tenant);
    return at < 0 ? null : this.recent.slice(at + 1).filter((change) => change.tenant === tenant);
  }
}

function changeOf(incident: Incident): IncidentChange {
  const { tenant, id, version, status, priority, severity, title, assignee, lastSeen } = incident;
  return { eventId: `${id}@${version}`, tenant, id, version, status, priority, severity, title, assignee, lastSeen };
}
