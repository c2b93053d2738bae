import { trimEndOf } from '../text-edges';
import type { ExtractedFields } from './extracted-fields';

/** The kernel's `[ 5656.787838]` uptime stamp some relays leave before the prefix. */
const KERNEL_TIME = /^\[\s*\d+\.\d+\]\s*/;
const BLOCKED = /block|drop|deny|reject/i;
const ALLOWED = /allow|accept|pass|permit/i;

/**
 * Where the `IN=<if> OUT=` body of a netfilter line starts, or -1. A scan rather than one regular
 * expression: `(.*?)\s*(IN=\S* OUT=…)` backtracks quadratically over a long run of blanks.
 */
function bodyStart(message: string, from: number): number {
  for (let at = message.indexOf('IN=', from); at >= 0; at = message.indexOf('IN=', at + 1)) {
    let end = at + 3;
    while (end < message.length && !/\s/.test(message[end])) end++;
    if (message.startsWith(' OUT=', end)) return at;
    // Any later IN= before `end` ends at the same blank, so it cannot match either.
    at = Math.max(at, end - 3);
  }
  return -1;
}

/** Linux netfilter LOG/NFLOG lines (iptables, nftables, UFW, firewalld): `[prefix] IN=.. OUT=.. SRC=..`. */
export function extractFirewall(message: string): ExtractedFields | undefined {
  const from = KERNEL_TIME.exec(message)?.[0].length ?? 0;
  const at = bodyStart(message, from);
  if (at < 0) return undefined;
  const body = message.slice(at);
  if (!/\bSRC=/.test(body)) return undefined;
  const prefix = message.slice(from, at).trimEnd();
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
  const action = trimEndOf(prefix.replace(/^\[(.*)\]$/, '$1'), ': \t\r\n').trim();
  if (action) {
    fields['event.action'] = action;
    original['prefix'] = prefix;
    if (BLOCKED.test(action)) fields['event.outcome'] = 'failure';
    else if (ALLOWED.test(action)) fields['event.outcome'] = 'success';
  }
  return { fields, original };
}
