import { Inject, Injectable } from '@nestjs/common';
import type { AvroCodec, Incident, Topics } from '@quell/contracts';
import { applyAction, MAX_MERGE_HOPS, type IncidentAction } from '@quell/incidents';
import { EVENT_BUS, type EventBus } from '@quell/platform-kafka';
import { CODEC, TOPICS } from '@quell/platform-service-kit';
import { IncidentRepository } from '../incident.repository';
import { IncidentChanges } from './incident-changes';
import { IncidentNotFound, IncidentVersionConflict } from './incident-lifecycle.errors';

/** The lifecycle clock (epoch ms); tests inject a fixed one. */
export const LIFECYCLE_CLOCK = Symbol('LIFECYCLE_CLOCK');

/**
 * People's actions (API, CLI, two-way sync) and the notifier's entries on an incident. The write is
 * conditional on the version read, as the alert fold's are, so neither overwrites the other.
 */
@Injectable()
export class IncidentLifecycle {
  constructor(
    private readonly incidents: IncidentRepository,
    private readonly changes: IncidentChanges,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(CODEC) private readonly codec: AvroCodec,
    @Inject(TOPICS) private readonly topics: Topics,
    @Inject(LIFECYCLE_CLOCK) private readonly clock: () => number,
  ) {}

  /**
   * Applies the action with optimistic concurrency: `expectedVersion` given and stale →
   * IncidentVersionConflict; saves, publishes the new version on the incidents topic, and tells
   * live streams. Nothing to do (applyAction returned null) → the current incident, unchanged.
   * Throws IncidentNotFound, and IncidentActionError from applyAction. An acknowledgement or a
   * resolution of an incident merged into another (a stale link, a chat button, a PagerDuty webhook)
   * acts on the incident that absorbed it, unless the caller pinned a version.
   */
  async act(tenant: string, requested: string, action: IncidentAction, options: { expectedVersion?: number } = {}): Promise<Incident> {
    const now = this.clock();
    const id = options.expectedVersion === undefined && FOLLOWS_MERGES.has(action.type) ? await this.survivorOf(tenant, requested) : requested;
    const [result] = await this.incidents.update([
      {
        tenant,
        id,
        // Pure, as the repository requires: re-run on a fresher incident when another writer won the race.
        apply: (existing) => {
          if (!existing) throw new IncidentNotFound(tenant, id);
          if (options.expectedVersion !== undefined && options.expectedVersion !== existing.version) {
            throw new IncidentVersionConflict(id, options.expectedVersion, existing.version);
          }
          const next = applyAction(existing, action, now);
          return next ? { incident: next, changed: true } : { incident: existing, changed: false };
        },
      },
    ]);
    const incident = result as Incident;
    // Saved, then published. Published even when there was nothing to do: a caller retrying after a
    // failed publish finds the action applied, and this republishes the version it saved (consumers
    // ignore a version they already hold), so no transition is lost between the store and the topic.
    await this.bus.publish([{ topic: this.topics.incidents, key: incident.id, value: this.codec.encodable('Incident', incident) }]);
    this.changes.publish(incident);
    return incident;
  }

  /**
   * act for a batch of requests, as the notifier's outcomes come: one read and one conditional
   * write per incident (its requests' actions applied in order), then one publish of every version
   * in order, where act one request after another made a read, a write and a publish per action.
   * Merges are not followed: each request names the incident it is about. Each request gets the
   * incident after its actions, or the error that refused it (IncidentNotFound, IncidentActionError);
   * a refused request changes nothing, and the others still apply.
   */
  async actOnEach(requests: readonly IncidentActions[]): Promise<(Incident | Error)[]> {
    const now = this.clock();
    const outcomes = new Array<Incident | Error>(requests.length);
    // Every version an action made (or, for one with nothing to do, the current one, as act publishes), by request.
    const versions = new Map<number, Incident[]>();
    const byIncident = new Map<string, number[]>();
    requests.forEach(({ tenant, id }, at) => {
      const key = `${tenant}\u0000${id}`;
      const ats = byIncident.get(key);
      if (ats) ats.push(at);
      else byIncident.set(key, [at]);
    });
    await this.incidents.update(
      [...byIncident.values()].map((ats) => ({
        tenant: requests[ats[0]].tenant,
        id: requests[ats[0]].id,
        // Pure: a write that lost a race re-runs it on the fresher incident, so it starts over each time.
        apply: (existing) => {
          let current = existing;
          for (const at of ats) {
            versions.delete(at);
            const { tenant, id, actions } = requests[at];
            if (!current) {
              outcomes[at] = new IncidentNotFound(tenant, id);
              continue;
            }
            try {
              const made = versionsAfter(current, actions, now);
              versions.set(at, made);
              current = made.at(-1) ?? current;
              outcomes[at] = current;
            } catch (error) {
              outcomes[at] = error as Error;
            }
          }
          return current && { incident: current, changed: current !== existing };
        },
      })),
    );
    const published = [...versions.keys()].sort((a, b) => a - b).flatMap((at) => versions.get(at) ?? []);
    // Saved, then published, as act does: a batch retried after a failed publish republishes what it saved.
    await this.bus.publish(published.map((incident) => ({ topic: this.topics.incidents, key: incident.id, value: this.codec.encodable('Incident', incident) })));
    published.forEach((incident) => this.changes.publish(incident));
    return outcomes;
  }

  /** The incident `id` was merged into, following merges (at most MAX_MERGE_HOPS); `id` itself when it was not. */
  private async survivorOf(tenant: string, id: string): Promise<string> {
    let current = id;
    for (let hop = 0; hop < MAX_MERGE_HOPS; hop += 1) {
      const next = (await this.incidents.get(tenant, current))?.value.mergedInto;
      if (!next) return current;
      current = next;
    }
    return current;
  }
}

/** The versions `actions` make of `incident`, in order; an action with nothing to do repeats the version before it. */
function versionsAfter(incident: Incident, actions: readonly IncidentAction[], now: number): Incident[] {
  const made: Incident[] = [];
  let current = incident;
  for (const action of actions) {
    current = applyAction(current, action, now) ?? current;
    made.push(current);
  }
  return made;
}

/** One request of actOnEach: actions on one incident, in order. */
export interface IncidentActions {
  tenant: string;
  id: string;
  actions: readonly IncidentAction[];
}

/** Actions that mean "this problem" rather than "this record": they follow a merge to its survivor. */
const FOLLOWS_MERGES = new Set<IncidentAction['type']>(['acknowledge', 'resolve']);
