// How the demo's shippers write their records: ECS JSON (Elastic agents, firewalls through Filebeat)
// and Winlogbeat JSON (Sysmon). Only JSON, so that the replay can move each record's `@timestamp`.

const iso = (at: number) => new Date(at).toISOString();

/** An ECS document as an Elastic agent ships it. */
export function ecs(at: number, host: string, fields: Record<string, unknown>): string {
  return JSON.stringify({ '@timestamp': iso(at), host: { name: host }, ...fields });
}

/** A Sysmon event as Winlogbeat ships it. */
export function sysmon(at: number, host: string, eventId: number, data: Record<string, string>): string {
  return JSON.stringify({
    '@timestamp': iso(at),
    event: { code: String(eventId), kind: 'event', module: 'sysmon' },
    host: { name: host },
    winlog: {
      api: 'wineventlog',
      channel: 'Microsoft-Windows-Sysmon/Operational',
      computer_name: host,
      event_id: eventId,
      provider_name: 'Microsoft-Windows-Sysmon',
      event_data: data,
    },
  });
}

/** A logon as an agent reports it (ECS authentication). */
export function logon(at: number, host: string, outcome: 'success' | 'failure', user: string, ip: string, port: number): string {
  const verb = outcome === 'success' ? 'Accepted password' : 'Failed password';
  return ecs(at, host, {
    event: { category: 'authentication', action: 'ssh_login', outcome },
    user: { name: user },
    source: { ip, port },
    message: `${verb} for ${user} from ${ip} port ${port} ssh2`,
  });
}

/** A process start recorded by Sysmon (event 1). */
export function processStart(at: number, host: string, user: string, image: string, commandLine: string, parent = 'C:\\Windows\\System32\\cmd.exe'): string {
  return sysmon(at, host, 1, { Image: image, CommandLine: commandLine, ParentImage: parent, User: `CORP\\${user}` });
}
