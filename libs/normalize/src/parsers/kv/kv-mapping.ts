import { cefOutcome, transport } from '../cef/cef-mapping';
import { isConfigChange } from '../config-change';

/** Common key names across vendors (Fortinet, Palo Alto, Sophos, Juniper, generic) → ECS. First match wins. */
const KV_TO_ECS: Array<[string, string[]]> = [
  ['source.ip', ['srcip', 'src_ip', 'src', 'source_ip', 'sourceip', 'source_address', 'client_ip', 'clientip']],
  ['destination.ip', ['dstip', 'dst_ip', 'dst', 'destination_ip', 'destinationip', 'destination_address', 'dest_ip']],
  ['source.port', ['srcport', 'src_port', 'sport', 'spt', 'source_port']],
  ['destination.port', ['dstport', 'dst_port', 'dport', 'dpt', 'destination_port', 'dest_port']],
  ['user.name', ['user', 'username', 'user_name', 'usrname', 'srcuser', 'suser', 'login', 'account']],
  ['event.action', ['action', 'act', 'event_action']],
  ['host.name', ['devname', 'hostname', 'host', 'device_name', 'dvchost']],
  ['message', ['msg', 'message', 'logdesc', 'description']],
  ['process.name', ['process', 'process_name', 'proc', 'program']],
  ['process.pid', ['pid']],
  ['process.command_line', ['cmd', 'command', 'cmdline', 'command_line']],
  ['event.code', ['logid', 'event_id', 'eventid', 'msgid']],
  ['rule.name', ['policyname', 'rule', 'rule_name', 'policy']],
  ['network.application', ['app', 'application']],
  ['observer.serial_number', ['devid', 'serial']],
  ['url.original', ['url']],
  ['dns.question.name', ['qname', 'query']],
  ['http.request.method', ['reqmethod', 'http_method']],
  ['user_agent.original', ['agent', 'useragent', 'user_agent']],
  ['file.name', ['filename', 'fname', 'file']],
];

const DIRECTIONS: Record<string, string> = { incoming: 'inbound', inbound: 'inbound', outgoing: 'outbound', outbound: 'outbound' };

/** Values devices write for "nothing" (Fortinet `user="N/A"`); they do not fill an ECS field. */
const PLACEHOLDER = /^(?:|-|n\/a|\(null\))$/i;

const CATEGORIES = new Set(['authentication', 'network', 'process', 'file']);

/**
 * Best-effort ECS view of arbitrary key=value logs. Takes the pairs under lower-cased keys (the
 * first of each, as the parser builds them once per record): keys compare case-insensitively.
 */
export function kvToEcs(lower: Record<string, string>): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [ecs, names] of KV_TO_ECS) {
    for (const name of names) {
      const value = lower[name];
      if (value === undefined || PLACEHOLDER.test(value)) continue;
      fields[ecs] = value;
      break;
    }
  }
  // Not `transport`: Fortinet uses it for the NAT-translated port.
  const proto = lower['proto'] ?? lower['protocol'];
  if (proto) fields['network.transport'] = transport(proto);
  const outcome = lower['outcome'] ?? lower['result'] ?? lower['status'] ?? lower['action'];
  if (outcome && cefOutcome(outcome)) fields['event.outcome'] = cefOutcome(outcome) as string;
  const type = lower['type'];
  if (type === 'traffic') fields['event.category'] = 'network';
  if (CATEGORIES.has(lower['category'])) fields['event.category'] = lower['category'];
  // FortiGate's `logdesc` ("Object attribute configured") and `cfgpath` say a configuration changed.
  if (isConfigChange({ keys: Object.keys(lower), labels: [lower['logdesc']] })) fields['event.category'] = 'configuration';
  // Fortinet `dir`/`direction` (incoming/outgoing, inbound/outbound) as ECS network.direction.
  const direction = DIRECTIONS[(lower['direction'] ?? lower['dir'] ?? '').toLowerCase()];
  if (direction) fields['network.direction'] = direction;
  const severity = lower['severity'] ?? lower['sev'] ?? lower['pri'];
  if (severity && /^\d+$/.test(severity)) fields['event.severity'] = String(Math.min(10, Number(severity)));
  return fields;
}
