import type { ChangeSource } from './change-source';
import { refOf, type ChangeRef, isFreeze } from './change-ref';
import type { ConfigChangeLog, ConfigChangeSeen } from './recent-config-changes';
import { scopeRank, type ScopeMatchKind } from './scope-match';
import type { ScopeSubject } from './scope-subject';

/** covers: the approved change covering the alert; scope: its scope names the alert's entities; config_change: an edit seen on the host. */
export const RELATED_RELATIONS = ['covers', 'scope', 'config_change'] as const;
export type RelatedRelation = (typeof RELATED_RELATIONS)[number];

/** A change that touched an alert's entities shortly before it: context, never a reason to drop. */
export interface RelatedChange {
  /** For a config_change event: id is the event id, title its action and actor, owner the actor, kind `config_change`. */
  change: ChangeRef;
  relation: RelatedRelation;
  /** The entity it touched, e.g. `host:fw-01`. */
  entity: string | null;
  /** The occurrence that touched the entities (an event's time for both, for a config_change event). */
  start: number;
  end: number;
  /** How long before the alert the occurrence ended; 0 when it was still open. */
  gapMs: number;
  match: ScopeMatchKind;
}

export interface RelatedChangeOptions {
  lookbackMs: number;
  /** How many to keep, closest first. */
  limit: number;
}

/** What else screening knows: the covering change (marked `covers`), and the config_change events seen per host. */
export interface RelatedContext {
  cover?: ChangeRef | null;
  configChanges?: ConfigChangeLog;
}

const RELATED_STATUSES = new Set(['approved', 'completed']);

/**
 * DESIGN.md "Related changes": changes whose scope names the subject's entities with an occurrence
 * within the lookback before `at`, and config_change events seen on the subject's hosts in the same
 * lookback; closest in time first, then the most specific scope match, then covers before scope
 * before config_change.
 */
export function relatedChanges(
  source: ChangeSource,
  tenant: string,
  subject: ScopeSubject,
  at: number,
  options: RelatedChangeOptions,
  context: RelatedContext = {},
): RelatedChange[] {
  const changes = source
    .overlapping(tenant, subject, { from: at - options.lookbackMs, to: at + 1, entitiesOnly: true })
    .filter((hit) => RELATED_STATUSES.has(hit.change.status) && !isFreeze(hit.change))
    .map((hit): RelatedChange => ({
      change: refOf(hit.change),
      relation: hit.change.id === context.cover?.id ? 'covers' : 'scope',
      entity: entityOf(subject, hit.match),
      start: hit.occurrence.start,
      end: hit.occurrence.end,
      gapMs: Math.max(0, at - hit.occurrence.end),
      match: hit.match,
    }));
  const edits = (context.configChanges?.near(tenant, subject.hosts, at - options.lookbackMs, at) ?? []).map((seen) => relatedEdit(seen, at));
  return [...changes, ...edits]
    .sort(
      (a, b) =>
        a.gapMs - b.gapMs ||
        scopeRank(a.match) - scopeRank(b.match) ||
        RELATED_RELATIONS.indexOf(a.relation) - RELATED_RELATIONS.indexOf(b.relation) ||
        b.start - a.start ||
        (a.change.id < b.change.id ? -1 : 1),
    )
    .slice(0, options.limit);
}

function relatedEdit(seen: ConfigChangeSeen, at: number): RelatedChange {
  const title = `config change ${seen.action ?? 'of unknown action'} by ${seen.actor ?? 'an unknown actor'}`;
  return {
    change: { id: seen.eventId, title, owner: seen.actor, ticketRef: null, kind: 'config_change' },
    relation: 'config_change',
    entity: `host:${seen.host}`,
    start: seen.time,
    end: seen.time,
    gapMs: Math.max(0, at - seen.time),
    match: 'host',
  };
}

/** The subject's entity a scope match reached (the first of its kind: the index does not say which one). */
function entityOf(subject: ScopeSubject, match: ScopeMatchKind): string | null {
  const first = (type: string, values: string[]) => (values[0] === undefined ? null : `${type}:${values[0]}`);
  if (match === 'host' || match === 'host-glob') return first('host', subject.hosts);
  if (match === 'ip' || match === 'cidr') return first('ip', subject.ips);
  if (match === 'service') return first('service', subject.services);
  return first('tag', subject.tags);
}
