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
  const compiled = compile(scope);
  if (subject.hosts.some((h) => compiled.hosts.has(h))) return 'host';
  if (subject.ips.some((ip) => compiled.addresses.some((r) => ipInRange(r, ip)))) return 'ip';
  if (subject.hosts.some((h) => compiled.globs.some((p) => globMatches(p, h)))) return 'host-glob';
  if (subject.ips.some((ip) => compiled.networks.some((r) => ipInRange(r, ip)))) return 'cidr';
  if (subject.services.some((s) => compiled.services.has(s))) return 'service';
  if (subject.tags.some((t) => compiled.tags.has(t))) return 'tag';
  return null;
}

/** A scope in the form matching wants: names lower-cased into sets, ranges parsed, globs apart. */
interface CompiledScope {
  hosts: Set<string>;
  globs: string[];
  addresses: IpRange[];
  networks: IpRange[];
  services: Set<string>;
  tags: Set<string>;
}

// Scopes are immutable records screened again and again: compile each once.
const compiledScopes = new WeakMap<ChangeScope, CompiledScope>();

function compile(scope: ChangeScope): CompiledScope {
  let compiled = compiledScopes.get(scope);
  if (!compiled) {
    const hosts = scope.hosts.map((h) => h.toLowerCase());
    const ranges = scope.ips.map(parseIpRange);
    compiled = {
      hosts: new Set(hosts.filter((h) => !isGlob(h))),
      globs: hosts.filter(isGlob),
      addresses: ranges.filter(isFullLength),
      networks: ranges.filter((r) => !isFullLength(r)),
      services: new Set(scope.services.map((s) => s.toLowerCase())),
      tags: new Set(scope.tags.map((t) => t.toLowerCase())),
    };
    compiledScopes.set(scope, compiled);
  }
  return compiled;
}

function isFullLength(range: IpRange): boolean {
  return range.prefix === (range.network.kind() === 'ipv4' ? 32 : 128);
}
