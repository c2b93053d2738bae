import type { ExtractedFields } from './extracted-fields';

/** Linux netfilter LOG/NFLOG lines (iptables, nftables, UFW, firewalld): `[prefix] IN=.. OUT=.. SRC=..`. */
const LOG_LINE = /^(?:\[\s*\d+\.\d+\]\s*)?(.*?)\s*(IN=\S* OUT=\S*.*)$/;
const BLOCKED = /block|drop|deny|reject/i;
const ALLOWED = /allow|accept|pass|permit/i;

export function extractFirewall(message: string): ExtractedFields | undefined {
  const match = LOG_LINE.exec(message);
  if (!match || !/\bSRC=/.test(match[2])) return undefined;
  const [, prefix, body] = match;
  const original: Record<string, string> = {};
  // Flags such as DF, SYN, ACK appear bare; they are kept as flags, not as pairs.
  const flags: string[] = [];
  for (const token of body.split(/\s+/)) {
    const eq = token.indexOf('=');
    if (eq > 0) original[token.slice(0, eq)] = token.slice(eq + 1);
    else if (token) flags.push(token);
  }
  if (flags.length > 0) original['FLAGS'] = flags.join(',');
  const fields: Record<string, string> = { 'event.category': 'network' };
  const set = (ecs: string, native: string): void => {
    if (original[native]) fields[ecs] = original[native];
  };
  set('source.ip', 'SRC');
  set('destination.ip', 'DST');
  set('source.port', 'SPT');
  set('destination.port', 'DPT');
  set('observer.ingress.interface.name', 'IN');
  set('observer.egress.interface.name', 'OUT');
  if (original['PROTO']) fields['network.transport'] = original['PROTO'].toLowerCase();
  const action = prefix.replace(/^\[(.*)\]$/, '$1').replace(/[:\s]+$/, '').trim();
  if (action) {
    fields['event.action'] = action;
    original['prefix'] = prefix;
    if (BLOCKED.test(action)) fields['event.outcome'] = 'failure';
    else if (ALLOWED.test(action)) fields['event.outcome'] = 'success';
  }
  return { fields, original };
}
