import { zoneOffsetMs } from '@quell/anomaly';
import type { Incident } from '@quell/contracts';
import type { IncidentTransition } from '../notification-message';
import type { DayWindow, Route, RouteMatch, RoutingTable } from './routing-table';

/** What a route matches on, besides the incident itself. */
export interface RoutingContext {
  incident: Incident;
  transition: IncidentTransition;
  /** Teams owning the incident's services (the service catalog), when it is known. */
  teams: readonly string[];
  now: number;
}

/** One channel to notify, now or once quiet hours end. */
export interface RoutedDelivery {
  channel: string;
  route: string;
  /** Epoch ms the delivery waits for (quiet hours, mode defer); null: at once. */
  notBefore: number | null;
}

export interface RoutingDecision {
  deliveries: RoutedDelivery[];
  /** Channels quiet hours held back for good (mode suppress). */
  suppressed: { channel: string; route: string }[];
  /** The escalation of the first matching route that has one. */
  escalation: (Route['escalation'] & { route: string }) | null;
}

/**
 * The channels a transition goes to: every matching route in file order (until one with `stop`),
 * each channel once. During quiet hours a route that honours them holds back every priority but
 * P1: deferred to the quiet hours' end, or suppressed.
 */
export function routeTransition(table: RoutingTable, context: RoutingContext): RoutingDecision {
  const decision: RoutingDecision = { deliveries: [], suppressed: [], escalation: null };
  const seen = new Set<string>();
  const quietUntil = table.quietHours && context.incident.priority !== 1 ? windowEnd(table.quietHours, context.now) : null;
  for (const route of table.routes) {
    if (!matches(route.match, context)) continue;
    const held = route.quietHours && quietUntil !== null;
    for (const channel of route.to) {
      if (seen.has(channel)) continue;
      seen.add(channel);
      if (held && table.quietHours?.mode === 'suppress') decision.suppressed.push({ channel, route: route.name });
      else decision.deliveries.push({ channel, route: route.name, notBefore: held ? quietUntil : null });
    }
    if (route.escalation && !decision.escalation) decision.escalation = { ...route.escalation, route: route.name };
    if (route.stop) break;
  }
  return decision;
}

/**
 * When an opening's escalation takes its first step: `afterMs` after the route's delivery goes out —
 * now, or when the quiet hours that deferred it end (nobody can acknowledge what they were not
 * told). Null without an escalation, or when quiet hours suppressed every channel of its route.
 */
export function escalationDueAt(decision: RoutingDecision, now: number): number | null {
  const { escalation } = decision;
  if (!escalation) return null;
  const own = decision.deliveries.filter((delivery) => delivery.route === escalation.route);
  if (own.length === 0 && decision.suppressed.some((held) => held.route === escalation.route)) return null;
  return Math.max(now, ...own.map((delivery) => delivery.notBefore ?? now)) + escalation.afterMs;
}

/** The tags a route's `tags` matches: ATT&CK techniques, kill-chain phases and `rule:<id>`. */
export function incidentTags(incident: Incident): Set<string> {
  return new Set([...incident.techniques, ...incident.killChainPhases, ...incident.ruleIds.map((id) => `rule:${id}`)].map((tag) => tag.toLowerCase()));
}

function matches(match: RouteMatch, context: RoutingContext): boolean {
  const { incident } = context;
  const any = (wanted: readonly string[] | undefined, have: Iterable<string>) => !wanted || [...have].some((value) => wanted.includes(value));
  return (
    (!match.priority || match.priority.includes(incident.priority)) &&
    any(match.severity, [incident.severity]) &&
    any(match.service, incident.services) &&
    any(match.team, context.teams) &&
    any(match.tenant, [incident.tenant]) &&
    any(match.tags?.map((tag) => tag.toLowerCase()), incidentTags(incident)) &&
    any(match.transition, [context.transition]) &&
    (!match.hours || windowEnd(match.hours, context.now) !== null)
  );
}

const DAY_MS = 86_400_000;
const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/**
 * When the window holding `now` ends (epoch ms), or null when `now` is outside it. A window that
 * spans midnight belongs to the day it starts on. The end is computed in local minutes, then
 * mapped back with the offset at `now` (a DST switch inside the window moves it by an hour).
 */
export function windowEnd(window: DayWindow, now: number): number | null {
  const offset = zoneOffsetMs(window.timeZone, now);
  const local = new Date(now + offset);
  const minute = local.getUTCHours() * 60 + local.getUTCMinutes();
  const today = DAY_NAMES[local.getUTCDay()];
  const yesterday = DAY_NAMES[(local.getUTCDay() + 6) % 7];
  const midnight = now - (minute * 60_000 + local.getUTCSeconds() * 1000 + local.getUTCMilliseconds());
  const spans = window.endMinute <= window.startMinute;
  if (!spans) {
    const inside = window.days.includes(today) && minute >= window.startMinute && minute < window.endMinute;
    return inside ? midnight + window.endMinute * 60_000 : null;
  }
  if (window.days.includes(today) && minute >= window.startMinute) return midnight + DAY_MS + window.endMinute * 60_000;
  if (window.days.includes(yesterday) && minute < window.endMinute) return midnight + window.endMinute * 60_000;
  return null;
}
