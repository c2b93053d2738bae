import type { Alert, Entity } from '@quell/contracts';

/** How alerts of one tenant are grouped into incidents (DESIGN.md "Incidents"). */
export interface GroupingPolicy {
  /** Entity types that tie an alert to an open incident, e.g. host, user, ip, service. */
  entityTypes: readonly string[];
  /** An alert joins an open incident when it comes at most this long after the incident's lastSeen (event time). */
  windowMs: number;
}

export const DEFAULT_GROUPING_POLICY: GroupingPolicy = { entityTypes: ['host', 'user', 'ip', 'service'], windowMs: 3_600_000 };

/** The policy in force per tenant: the default, or the tenant's own override of either setting. */
export interface GroupingPolicies {
  forTenant(tenant: string): GroupingPolicy;
}

export function groupingPolicies(defaults: GroupingPolicy, overrides: Readonly<Record<string, Partial<GroupingPolicy>>> = {}): GroupingPolicies {
  return { forTenant: (tenant) => ({ ...defaults, ...overrides[tenant] }) };
}

/** `host:web-1`: how an entity is named in the open-by-entity index and in timeline entries. */
export function entityTerm(entity: Entity): string {
  return `${entity.type}:${entity.value}`;
}

/** The alert's entities that group it, as index terms (distinct, in the alert's order). */
export function groupingTermsOf(alert: Pick<Alert, 'entities'>, policy: GroupingPolicy): string[] {
  return [...new Set(alert.entities.filter((entity) => policy.entityTypes.includes(entity.type)).map(entityTerm))];
}

/** Two spans of event time at most the window apart (overlapping counts as 0 apart). */
export function withinWindow(a: { firstSeen: number; lastSeen: number }, b: { firstSeen: number; lastSeen: number }, windowMs: number): boolean {
  return a.firstSeen <= b.lastSeen + windowMs && b.firstSeen <= a.lastSeen + windowMs;
}

const SETTING = /^([^.=\s]+)\.(windowMs|entityTypes)=(.*)$/;
const ENTITY_TYPE = /^[a-z][a-z0-9_.-]{0,63}$/;

/**
 * Per-tenant overrides written `<tenant>.windowMs=<ms>` or `<tenant>.entityTypes=<type>+<type>`,
 * comma-separated, e.g. `acme.windowMs=7200000,acme.entityTypes=host+user`. Throws naming the bad item.
 */
export function parseGroupingOverrides(text: string, limits: { minWindowMs: number; maxWindowMs: number }): Record<string, Partial<GroupingPolicy>> {
  const overrides: Record<string, Partial<GroupingPolicy>> = {};
  for (const item of text.split(',').map((part) => part.trim()).filter((part) => part.length > 0)) {
    const [, tenant, setting, value] = SETTING.exec(item) ?? [];
    if (!tenant) throw new Error(`"${item}": expected <tenant>.windowMs=<ms> or <tenant>.entityTypes=<type>+<type>`);
    const policy = (overrides[tenant] ??= {});
    if (setting === 'windowMs') {
      const ms = Number(value);
      if (!/^\d+$/.test(value) || ms < limits.minWindowMs || ms > limits.maxWindowMs) {
        throw new Error(`"${item}": windowMs must be an integer between ${limits.minWindowMs} and ${limits.maxWindowMs}`);
      }
      policy.windowMs = ms;
    } else {
      const types = value.split('+').map((type) => type.trim());
      const bad = types.find((type) => !ENTITY_TYPE.test(type));
      if (bad !== undefined) throw new Error(`"${item}": "${bad}" is not an entity type (lower-case letters, digits, . _ -)`);
      policy.entityTypes = [...new Set(types)];
    }
  }
  return overrides;
}
