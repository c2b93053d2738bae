/** What a chat action, a PagerDuty webhook or a ticket update asks of an incident (two-way sync). */
export interface InboundAction {
  /** The tenant the payload names, when it names one; it must be the tenant whose secret signed it. */
  tenant?: string;
  incidentId: string;
  action: 'acknowledge' | 'resolve';
  /** `<provider>:<who>`, e.g. `pagerduty:Jane Doe`, recorded on the incident's timeline. */
  actor: string;
}

/** A well-formed payload that asks nothing of Quell (a PagerDuty ping, a Jira field edit): answered 200, nothing done. */
export interface InboundIgnored {
  ignored: string;
}

export type InboundParse = InboundAction | InboundIgnored;

/** The payload cannot be read or names no incident (answered 400 with the message). */
export class InboundPayloadError extends Error {
  override readonly name = 'InboundPayloadError';
  readonly retriable = false;
}

export function isIgnored(parse: InboundParse): parse is InboundIgnored {
  return 'ignored' in parse;
}

/** The incident a channel's dedup key (`quell/<tenant>/<incident id>`, NotificationMessage.dedupKey) names. */
export function incidentOfDedupKey(key: unknown): { tenant: string; incidentId: string } | undefined {
  if (typeof key !== 'string' || !key.startsWith('quell/')) return undefined;
  const rest = key.slice('quell/'.length);
  const cut = rest.lastIndexOf('/');
  if (cut <= 0 || cut === rest.length - 1) return undefined;
  return { tenant: rest.slice(0, cut), incidentId: rest.slice(cut + 1) };
}

/** `<provider>:<who>` cut to a length a timeline shows, `unknown` when the payload names nobody. */
export function actorOf(provider: string, who: unknown): string {
  const name = typeof who === 'string' && who.trim() ? who.trim().slice(0, 120) : 'unknown';
  return `${provider}:${name}`;
}
