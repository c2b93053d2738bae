import type { Change, ChangeScope } from '@quell/contracts';
import { globMatches } from './host-glob';
import { ipInRange, parseIpRange } from './ip-range';
import { occurrencesOverlapping, type Occurrence } from './window-occurrences';

/** Two changes of one tenant whose windows overlap in time and whose scopes share assets. */
export interface ChangeOverlap {
  changeIds: [string, string];
  /** The first stretch of time both hold, within the range asked about. */
  start: number;
  end: number;
  /** What both scopes name, e.g. "host fw-01 ~ fw-*", "service vpn". */
  shared: string[];
}

const LIVE = new Set(['requested', 'approved']);

/**
 * Overlapping changes are allowed; this lists them so the API and CLI can report them. A sweep over
 * occurrences sorted by start pairs only changes whose windows are open at the same time.
 */
export function findOverlaps(changes: readonly Change[], from: number, to: number): ChangeOverlap[] {
  const spans = changes
    .filter((c) => LIVE.has(c.status))
    .flatMap((change) => change.windows.flatMap((w) => occurrencesOverlapping(w, from, to)).map((o) => ({ change, ...o })))
    .sort((a, b) => a.start - b.start);
  const found = new Map<string, ChangeOverlap>();
  const open: Array<Occurrence & { change: Change }> = [];
  for (const span of spans) {
    for (let i = open.length - 1; i >= 0; i--) if (open[i].end <= span.start) open.splice(i, 1);
    for (const other of open) {
      const [a, b] = [other.change, span.change].sort((x, y) => (x.id < y.id ? -1 : 1));
      const key = `${a.id}\u0000${b.id}`;
      if (a.id === b.id || a.tenant !== b.tenant || found.has(key)) continue;
      const shared = sharedScope(a.scope, b.scope);
      if (shared.length > 0) found.set(key, { changeIds: [a.id, b.id], start: span.start, end: Math.min(span.end, other.end), shared });
    }
    open.push(span);
  }
  return [...found.values()];
}

/** What two scopes both name; a glob counts as shared with a name (or glob) it matches. */
export function sharedScope(a: ChangeScope, b: ChangeScope): string[] {
  const shared: string[] = [];
  for (const x of a.hosts) for (const y of b.hosts) if (globMatches(x, y) || globMatches(y, x)) shared.push(`host ${x} ~ ${y}`);
  for (const x of a.ips) for (const y of b.ips) if (rangesMeet(x, y)) shared.push(`ip ${x} ~ ${y}`);
  for (const x of a.services) if (b.services.some((y) => y.toLowerCase() === x.toLowerCase())) shared.push(`service ${x}`);
  for (const x of a.tags) if (b.tags.some((y) => y.toLowerCase() === x.toLowerCase())) shared.push(`tag ${x}`);
  return shared;
}

/** Two CIDR ranges overlap exactly when one contains the other's network address. */
function rangesMeet(x: string, y: string): boolean {
  const rx = parseIpRange(x);
  const ry = parseIpRange(y);
  return ipInRange(rx, ry.network.toString()) || ipInRange(ry, rx.network.toString());
}
