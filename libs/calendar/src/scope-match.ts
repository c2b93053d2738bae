import type { ChangeScope } from '@quell/contracts';
import { globMatches, isGlob } from './host-glob';
import { ipInRange, parseIpRange, type IpRange } from './ip-range';
import type { ScopeSubject } from './scope-subject';

/** How a scope reached the subject, most specific first (the rank used to order related changes). */
export const SCOPE_MATCH_KINDS = ['host', 'ip', 'host-glob', 'cidr', 'service', 'tag'] as const;
export type ScopeMatchKind = (typeof SCOPE_MATCH_KINDS)[number];

export function scopeRank(kind: ScopeMatchKind): number {
  return SCOPE_MATCH_KINDS.indexOf(kind);
}

/**
 * DESIGN.md "Suppression by change": the subject's entities must match the scope (any of its
 * hosts, IPs/CIDRs, services or asset tags: they name the same assets different ways), and where
 * the scope names event classes, actions or rules, those must match too. Returns the most specific
 * way the entities matched, or null.
 */
export function matchScope(scope: ChangeScope, subject: ScopeSubject): ScopeMatchKind | null {
  if (!filtersMatch(scope, subject)) return null;
  return entityMatch(scope, subject);
}

export function filtersMatch(scope: ChangeScope, subject: ScopeSubject): boolean {
  return (
    allowed(scope.eventClasses, subject.eventClass) && allowed(scope.actions, subject.action) && allowed(scope.rules, subject.ruleId)
  );
}

/** An empty filter allows anything; a non-empty one needs a known value in it. */
function allowed(filter: readonly string[], value: string | null): boolean {
  if (filter.length === 0) return true;
  return value !== null && filter.some((f) => f.toLowerCase() === value.toLowerCase());
}

/** How the subject's entities reach the scope (ignoring event class, action and rule), or null. */
export function entityMatch(scope: ChangeScope, subject: ScopeSubject): ScopeMatchKind | null {
  const hostPatterns = scope.hosts.map((h) => h.toLowerCase());
  if (subject.hosts.some((h) => hostPatterns.some((p) => !isGlob(p) && p === h))) return 'host';
  const ranges = rangesOf(scope);
  const inRange = (full: boolean) => subject.ips.some((ip) => ranges.some((r) => isFullLength(r) === full && ipInRange(r, ip)));
  if (inRange(true)) return 'ip';
  if (subject.hosts.some((h) => hostPatterns.some((p) => isGlob(p) && globMatches(p, h)))) return 'host-glob';
  if (inRange(false)) return 'cidr';
  if (intersects(scope.services, subject.services)) return 'service';
  if (intersects(scope.tags, subject.tags)) return 'tag';
  return null;
}

// Scopes are immutable records screened again and again: parse their ranges once.
const parsedRanges = new WeakMap<ChangeScope, IpRange[]>();

function rangesOf(scope: ChangeScope): IpRange[] {
  let ranges = parsedRanges.get(scope);
  if (!ranges) parsedRanges.set(scope, (ranges = scope.ips.map(parseIpRange)));
  return ranges;
}

function isFullLength(range: IpRange): boolean {
  return range.prefix === (range.network.kind() === 'ipv4' ? 32 : 128);
}

function intersects(scopeValues: readonly string[], subjectValues: readonly string[]): boolean {
  return scopeValues.some((v) => subjectValues.includes(v.toLowerCase()));
}
