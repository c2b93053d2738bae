import { Injectable } from '@nestjs/common';
import type { Incident } from '@quell/contracts';

export type IncidentListener = (incident: Incident) => void;

/**
 * This replica's feed of incident versions for live views (the SSE stream): fed by its own writes
 * at once and by its private tail of the incidents topic (every replica's writes and the alert
 * fold's). A version at or below the one last seen for the incident is dropped, so a write seen
 * both ways reaches listeners once.
 */
@Injectable()
export class IncidentChanges {
  private readonly listeners = new Set<IncidentListener>();
  /** Latest version seen per tenant and id; bounded so a long-running replica does not grow without end. */
  private readonly seen = new Map<string, number>();
  private static readonly MAX_SEEN = 50_000;

  publish(incident: Incident): void {
    const key = `${incident.tenant}\u0000${incident.id}`;
    if ((this.seen.get(key) ?? 0) >= incident.version) return;
    this.seen.delete(key);
    this.seen.set(key, incident.version);
    if (this.seen.size > IncidentChanges.MAX_SEEN) this.seen.delete(this.seen.keys().next().value as string);
    for (const listener of this.listeners) listener(incident);
  }

  /** Calls `listener` with every newer version from now on; returns the unsubscribe function. */
  subscribe(listener: IncidentListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}
