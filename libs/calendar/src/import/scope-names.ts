import type { ChangeScope } from '@quell/contracts';
import { isIpRange } from '../ip-range';

const MAX_HOST_NAME = 253;

export type ScopeNameKind = 'host' | 'ip' | 'service';

// A DNS-style name: labels of letters, digits and hyphens, no spaces.
const HOST_LABELS = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i;

/**
 * Where a configuration item or affected-service name belongs in a change's scope. ITSM tools mix
 * servers and business services in one field (ServiceNow cmdb_ci, Jira "Affected services"); a
 * name that looks like a host goes to hosts so it matches host entities:
 * - an IP address or CIDR range → ip;
 * - a dotted DNS name (`fw-01.dmz.acme.local`) → host;
 * - one label with a digit (`fw-01`, `web01`, `db-eu-1-prod`) → host: server names carry numbers;
 * - anything else (`Payroll`, `VPN`, `SAP ERP`, `email`) → service.
 */
export function classifyScopeName(name: string): ScopeNameKind {
  const value = name.trim();
  if (value.length > MAX_HOST_NAME) return 'service';
  if (isIpRange(value)) return 'ip';
  if (!HOST_LABELS.test(value)) return 'service';
  if (value.replace(/\.$/, '').includes('.')) return 'host';
  return /\d/.test(value) ? 'host' : 'service';
}

/** A scope naming these CIs/services, sorted and de-duplicated; filters (classes, actions, rules, tags) empty. */
export function scopeFromNames(names: readonly string[]): ChangeScope {
  const scope: ChangeScope = { hosts: [], ips: [], services: [], tags: [], eventClasses: [], actions: [], rules: [] };
  for (const raw of names) {
    const name = raw.trim();
    if (!name) continue;
    const kind = classifyScopeName(name);
    const list = kind === 'host' ? scope.hosts : kind === 'ip' ? scope.ips : scope.services;
    const value = kind === 'host' ? name.toLowerCase().replace(/\.$/, '') : name;
    if (!list.some((v) => v.toLowerCase() === value.toLowerCase())) list.push(value);
  }
  for (const list of [scope.hosts, scope.ips, scope.services]) list.sort();
  return scope;
}

export function isEmptyEntityScope(scope: ChangeScope): boolean {
  return scope.hosts.length + scope.ips.length + scope.services.length === 0;
}
