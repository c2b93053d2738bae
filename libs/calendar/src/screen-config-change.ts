import type { Event } from '@quell/contracts';
import { refOf, isApproved, isFreeze, type ChangeRef } from './change-ref';
import type { ChangeSource } from './change-source';
import { subjectOfEvent } from './scope-subject';

/** What a config_change event means for governance (DESIGN.md "Unapproved change"). */
export interface ConfigChangeVerdict {
  /** The approved change that covers the event, if any. */
  cover: ChangeRef | null;
  freezes: ChangeRef[];
  /** Null when an approved change covers the event outside any freeze. */
  finding: ConfigChangeFinding | null;
}

export interface ConfigChangeFinding {
  type: 'unapproved-change' | 'change-in-freeze';
  severity: 'medium' | 'high';
  /** The change nearest in time that names the event's entities (any status), to help whoever triages. */
  nearest: { change: ChangeRef; distanceMs: number } | null;
  reason: string;
}

/**
 * A config_change event no approved change covers is an unapproved change; one inside an approved
 * freeze window is high severity even when a change covers it.
 */
export function screenConfigChange(event: Event, source: ChangeSource, nearestWithinMs = 24 * 3_600_000): ConfigChangeVerdict {
  const subject = subjectOfEvent(event);
  const at = event.time;
  const active = source.overlapping(event.tenant, subject, { from: at, to: at + 1 }).filter((hit) => isApproved(hit.change));
  const coverHit = active.find((hit) => !isFreeze(hit.change));
  const cover = coverHit ? refOf(coverHit.change) : null;
  const freezes = active.filter((hit) => isFreeze(hit.change)).map((hit) => refOf(hit.change));
  if (cover && freezes.length === 0) return { cover, freezes, finding: null };
  const near = source
    .overlapping(event.tenant, subject, { from: at - nearestWithinMs, to: at + nearestWithinMs, entitiesOnly: true })
    .filter((hit) => !isFreeze(hit.change))
    .map((hit) => ({ change: refOf(hit.change), distanceMs: Math.max(0, hit.occurrence.start - at, at - hit.occurrence.end) }))
    .sort((a, b) => a.distanceMs - b.distanceMs)[0];
  const inFreeze = freezes.length > 0 ? ` inside freeze "${freezes[0].title}"` : '';
  const reason = cover ? `approved change "${cover.title}"${inFreeze}` : `no approved change covers this change${inFreeze}`;
  return {
    cover,
    freezes,
    finding: {
      type: cover ? 'change-in-freeze' : 'unapproved-change',
      severity: freezes.length > 0 ? 'high' : 'medium',
      nearest: near ?? null,
      reason,
    },
  };
}
