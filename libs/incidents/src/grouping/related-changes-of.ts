import type { Alert, RelatedChange } from '@quell/contracts';

/** Related changes an incident lists, closest first. */
export const MAX_RELATED_CHANGES = 10;
/** The alert details prefix the change-calendar writes its ranked related changes under (related-change-details.ts). */
const RELATED = 'change.related';

/**
 * The changes an alert names (issue 13 point 4): the change covering or annotating it (`covers`),
 * and the ranked related changes the change-calendar put in its details (keys in its
 * related-change-details.ts: `relation`, `entity`, `leadMs` and `summary` taken as given).
 */
export function relatedChangesOf(alert: Alert): RelatedChange[] {
  const host = alert.entities.find((entity) => entity.type === 'host')?.value ?? null;
  const related: RelatedChange[] = [];
  const { changeId, reason, state } = alert.suppression;
  if (changeId && state !== 'none') {
    const title = /"([^"]*)"/.exec(reason ?? '')?.[1] ?? changeId;
    const owner = /\(owner ([^)]+)\)/.exec(reason ?? '')?.[1] ?? null;
    const verb = state === 'suppressed' ? 'covered by' : 'annotated with';
    related.push({ changeId, title, ticket: null, owner, relation: 'covers', entity: host && `host:${host}`, leadMs: 0, summary: `${verb} ${nameOf(changeId, null, title)}${host ? ` on ${host}` : ''}` });
  }
  const ids = alert.details[`${RELATED}.ids`]?.split(',').filter((id) => id.length > 0) ?? [];
  ids.forEach((_, index) => {
    const at = (key: string): string | undefined => alert.details[`${RELATED}.${index + 1}.${key}`];
    const id = at('id');
    if (!id) return;
    const start = Date.parse(at('start') ?? '');
    const given = Number(at('leadMs') ?? Number.NaN);
    const leadMs = Number.isFinite(given) ? Math.max(0, given) : Number.isFinite(start) ? Math.max(0, alert.firstSeen - start) : Math.max(0, Number(at('gapMs') ?? 0) || 0);
    const title = at('title') ?? id;
    const ticket = at('ticketRef') ?? null;
    related.push({
      changeId: id, title, ticket, owner: at('owner') ?? null,
      relation: at('relation') ?? (at('match') === 'config_change' ? 'config_change' : 'scope'),
      entity: at('entity') ?? (host && `host:${host}`), leadMs,
      summary: at('summary') ?? `started ${durationText(leadMs)} after ${nameOf(id, ticket, title)}${host ? ` on ${host}` : ''}`,
    });
  });
  return related;
}

/** The two lists as one, one entry per change (the closest kept), closest first, at most `cap`. */
export function mergeRelatedChanges(kept: readonly RelatedChange[], added: readonly RelatedChange[], cap = MAX_RELATED_CHANGES): RelatedChange[] {
  const byId = new Map<string, RelatedChange>();
  for (const change of [...kept, ...added]) {
    const known = byId.get(change.changeId);
    if (!known || change.leadMs < known.leadMs) byId.set(change.changeId, change);
  }
  return [...byId.values()].sort((a, b) => a.leadMs - b.leadMs || a.changeId.localeCompare(b.changeId)).slice(0, cap);
}

function nameOf(id: string, ticket: string | null, title: string): string {
  return ticket ?? (title !== id ? `${id} (${title})` : id);
}

function durationText(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return 'under a minute';
  if (minutes < 120) return `${minutes} min`;
  return `${Math.round(minutes / 60)} h`;
}
