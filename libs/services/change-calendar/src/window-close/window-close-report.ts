import { derivedId, type Alert, type Change, type Entity } from '@quell/contracts';
import { entityMatch, type Occurrence } from '@quell/calendar';

/** Rule ids of the report published when a change's window closes (kind `change`). */
export const SCOPE_DRIFT_RULE = 'quell.change.scope_drift';
export const NOT_SEEN_RULE = 'quell.change.not_seen';

/** Hosts named in one report; the count of the rest is given. */
export const MAX_REPORTED_HOSTS = 50;

/** The config_change events of one device during the window, as the history query groups them. */
export interface ConfigChangeSource {
  host: string | null;
  ip: string | null;
  events: number;
  /** Epoch ms of the first event. */
  firstAt: number;
}

/** Splits the window's config_change sources into the change's scope and outside it (hosts/IPs, globs and CIDRs included). */
export function splitByScope(change: Change, sources: readonly ConfigChangeSource[]): { inside: ConfigChangeSource[]; outside: ConfigChangeSource[] } {
  const inside: ConfigChangeSource[] = [];
  const outside: ConfigChangeSource[] = [];
  for (const source of sources) {
    const subject = {
      hosts: source.host ? [source.host.toLowerCase()] : [],
      ips: source.ip ? [source.ip] : [],
      services: [],
      tags: [],
      eventClass: 'config_change',
      action: null,
      ruleId: null,
    };
    (entityMatch(change.scope, subject) ? inside : outside).push(source);
  }
  return { inside, outside };
}

/**
 * The alerts of a closed window: `quell.change.scope_drift` listing the devices changed outside the
 * change's scope during it, `quell.change.not_seen` when no config_change matched the scope. Ids
 * derive from the change id and the occurrence's start, so a refired timer publishes the same ids.
 */
export function windowCloseAlertsOf(change: Change, occurrence: Occurrence, sources: readonly ConfigChangeSource[]): Alert[] {
  const { inside, outside } = splitByScope(change, sources);
  const alerts: Alert[] = [];
  if (outside.length > 0) alerts.push(scopeDriftAlert(change, occurrence, outside));
  if (inside.length === 0) alerts.push(notSeenAlert(change, occurrence));
  return alerts;
}

function scopeDriftAlert(change: Change, occurrence: Occurrence, outside: ConfigChangeSource[]): Alert {
  const named = outside.slice(0, MAX_REPORTED_HOSTS).map(labelOf);
  const rest = outside.length - named.length;
  const events = outside.reduce((sum, s) => sum + s.events, 0);
  const entities: Entity[] = [];
  for (const source of outside.slice(0, MAX_REPORTED_HOSTS)) {
    if (source.host) entities.push({ type: 'host', value: source.host.toLowerCase() });
    else if (source.ip) entities.push({ type: 'ip', value: source.ip });
  }
  return {
    ...reportBase(change, occurrence, SCOPE_DRIFT_RULE, 'Configuration changes outside a change\'s scope during its window', 'medium'),
    entities,
    eventCount: events,
    explanation: `During change ${refOf(change)} "${change.title}" (${windowText(occurrence)}), ${events} config_change event(s) on ${outside.length} device(s) outside its scope: ${named.join(', ')}${rest > 0 ? ` and ${rest} more` : ''}`,
    details: {
      ...reportDetails(change, occurrence),
      'change.drift.hosts': named.join(','),
      'change.drift.deviceCount': String(outside.length),
      'change.drift.eventCount': String(events),
    },
  };
}

function notSeenAlert(change: Change, occurrence: Occurrence): Alert {
  return {
    ...reportBase(change, occurrence, NOT_SEEN_RULE, 'Approved change never seen', 'low'),
    entities: change.scope.hosts.filter((h) => !h.includes('*') && !h.includes('?')).map((h) => ({ type: 'host', value: h.toLowerCase() })),
    eventCount: 0,
    explanation: `Change ${refOf(change)} "${change.title}" was approved for ${windowText(occurrence)} but no config_change event matched its scope during the window`,
    details: reportDetails(change, occurrence),
  };
}

function reportBase(change: Change, occurrence: Occurrence, ruleId: string, title: string, level: string): Omit<Alert, 'entities' | 'eventCount' | 'explanation' | 'details'> {
  const occurrenceKey = String(occurrence.start);
  return {
    id: derivedId('change-window-close', change.tenant, ruleId, change.id, occurrenceKey),
    tenant: change.tenant,
    rule: { id: ruleId, title, version: null, level, author: null, tags: [] },
    kind: 'change',
    fingerprint: derivedId('change-window-close', change.tenant, ruleId, change.id),
    firstSeen: occurrence.start,
    lastSeen: occurrence.end,
    sampleEventIds: [],
    tactics: [],
    techniques: [],
    killChainPhase: null,
    // The report is about the change: it names it, it is never suppressed by it.
    suppression: { state: 'annotated', changeId: change.id, reason: `window of change ${refOf(change)} closed` },
    dedup: null,
  };
}

function reportDetails(change: Change, occurrence: Occurrence): Record<string, string> {
  const details: Record<string, string> = {
    'change.id': change.id,
    'change.title': change.title,
    'change.window.start': new Date(occurrence.start).toISOString(),
    'change.window.end': new Date(occurrence.end).toISOString(),
  };
  if (change.ticketRef) details['change.ticketRef'] = change.ticketRef;
  if (change.owner) details['change.owner'] = change.owner;
  return details;
}

const refOf = (change: Change) => change.ticketRef ?? change.id;
const labelOf = (source: ConfigChangeSource) => source.host ?? source.ip ?? 'an unnamed device';
const windowText = (o: Occurrence) => `${new Date(o.start).toISOString()}–${new Date(o.end).toISOString()}`;
