// How log shippers write the storm's records: Winlogbeat JSON (Windows Security and Sysmon), RFC 5424
// syslog (sshd, sudo), CEF and FortiOS key=value (firewalls), ECS JSON (Elastic agents). Each builder
// takes the event's own time, which the normalizer reads as the event time.

/** One record for the ingest topic: what a shipper sends, keyed by the host it came from. */
export interface ShipperRecord {
  /** Event time (ms). */
  at: number;
  host: string;
  /** The `quell.format` header a shipper declares (ingest detects JSON itself). */
  format: 'json' | 'syslog' | 'cef' | 'kv';
  text: string;
}

const iso = (at: number) => new Date(at).toISOString();

/** A Windows event as Winlogbeat ships it; `channel` Security or Sysmon's. */
export function winlogbeat(at: number, host: string, channel: 'Security' | 'Sysmon', eventId: number, data: Record<string, string>): ShipperRecord {
  const sysmon = channel === 'Sysmon';
  const text = JSON.stringify({
    '@timestamp': iso(at),
    event: { code: String(eventId), kind: 'event', ...(sysmon ? { module: 'sysmon' } : { provider: 'Microsoft-Windows-Security-Auditing' }) },
    host: { name: host },
    winlog: {
      api: 'wineventlog',
      channel: sysmon ? 'Microsoft-Windows-Sysmon/Operational' : 'Security',
      computer_name: host,
      event_id: eventId,
      provider_name: sysmon ? 'Microsoft-Windows-Sysmon' : 'Microsoft-Windows-Security-Auditing',
      event_data: data,
    },
  });
  return { at, host, format: 'json', text };
}

/** An RFC 5424 syslog line (full timestamp with its zone, unlike RFC 3164). */
export function syslog5424(at: number, host: string, app: string, pid: number, message: string, priority = 38): ShipperRecord {
  return { at, host, format: 'syslog', text: `<${priority}>1 ${iso(at)} ${host} ${app} ${pid} - - ${message}` };
}

/** A CEF firewall record with the time in `rt` (ms) and the device in `dvchost`. */
export function cef(at: number, host: string, signature: string, name: string, severity: number, extension: Record<string, string | number>): ShipperRecord {
  const ext = Object.entries({ rt: at, dvchost: host, ...extension })
    .map(([k, v]) => `${k}=${String(v).replace(/[\\=]/g, (c) => `\\${c}`)}`)
    .join(' ');
  return { at, host, format: 'cef', text: `CEF:0|Check Point|VPN-1 & FireWall-1|R81.20|${signature}|${name}|${severity}|${ext}` };
}

/** A FortiOS log line (key=value), in UTC, with `eventtime` in nanoseconds as FortiOS 7 writes it. */
export function fortios(at: number, host: string, fields: Record<string, string | number>): ShipperRecord {
  const date = iso(at);
  const head = { date: date.slice(0, 10), time: date.slice(11, 19), devname: host, devid: `FGT60F${host.length}0000001`, eventtime: `${at}000000`, tz: '+0000' };
  const text = Object.entries({ ...head, ...fields })
    .map(([k, v]) => (typeof v === 'number' ? `${k}=${v}` : `${k}="${v}"`))
    .join(' ');
  return { at, host, format: 'kv', text };
}

/** An ECS document as an Elastic agent ships it. */
export function ecs(at: number, host: string, fields: Record<string, unknown>): ShipperRecord {
  return { at, host, format: 'json', text: JSON.stringify({ '@timestamp': iso(at), host: { name: host }, ...fields }) };
}
