import { cefOutcome } from '../cef/cef-mapping';
import { isConfigChange } from '../config-change';

/** LEEF predefined attribute → ECS field (IBM LEEF "Predefined event attributes"). */
const LEEF_TO_ECS: Record<string, string> = {
  src: 'source.ip',
  dst: 'destination.ip',
  srcPort: 'source.port',
  dstPort: 'destination.port',
  srcPreNAT: 'source.nat.ip',
  dstPreNAT: 'destination.nat.ip',
  srcPostNAT: 'source.nat.ip',
  dstPostNAT: 'destination.nat.ip',
  srcMAC: 'source.mac',
  dstMAC: 'destination.mac',
  usrName: 'user.name',
  accountName: 'user.name',
  domain: 'user.domain',
  identHostName: 'host.name',
  identSrc: 'host.ip',
  srcBytes: 'source.bytes',
  dstBytes: 'destination.bytes',
  url: 'url.original',
  action: 'event.action',
  msg: 'message',
  policy: 'rule.name',
  resource: 'host.name',
};

const ECS_CATEGORIES = ['authentication', 'network', 'process', 'file', 'configuration', 'intrusion_detection', 'malware', 'host', 'web', 'iam', 'session', 'database', 'driver', 'threat'];

/** `eventId` is the LEEF header's event id (PAN-OS writes its log type there: TRAFFIC, CONFIG, …). */
export function leefToEcs(attrs: Record<string, string>, eventId?: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [key, ecs] of Object.entries(LEEF_TO_ECS)) if (attrs[key] && !fields[ecs]) fields[ecs] = attrs[key];
  // `sev` is 1–10 in LEEF, the same scale as event.severity here.
  if (attrs['sev'] && /^\d+$/.test(attrs['sev'])) fields['event.severity'] = String(Math.min(10, Number(attrs['sev'])));
  // `cat` is vendor-defined; it is an ECS category only when it names one.
  const cat = attrs['cat']?.trim().toLowerCase();
  if (cat && ECS_CATEGORIES.includes(cat)) fields['event.category'] = cat;
  else if (isConfigChange({ keys: Object.keys(attrs), labels: [eventId, attrs['cat']] })) fields['event.category'] = 'configuration';
  const outcome = attrs['outcome'] ?? attrs['result'];
  if (outcome && cefOutcome(outcome)) fields['event.outcome'] = cefOutcome(outcome) as string;
  return fields;
}
