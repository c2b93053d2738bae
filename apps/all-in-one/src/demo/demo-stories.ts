// The demo's three stories as records with the times of one recorded day (REFERENCE below). The
// replay (demo-timeline.ts) moves them to the present; write-demo-files.ts writes them to deploy/samples/demo.
import { ecs, logon, processStart, sysmon } from './demo-records';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The recorded day: the storm ends at `end`; the night change happened the night before, 01:00–03:00 Europe/Berlin (UTC+1 in December). */
export const REFERENCE = { end: Date.parse('2026-12-01T10:00:00Z'), nightWindowStart: Date.parse('2026-12-01T00:00:00Z') } as const;

/** Who and what each story is about (the tests and the README name them). */
export const STORY = {
  night: { host: 'fw-01', ticket: 'CHG0031337', engineer: 'k.weber', stranger: 'jdoe' },
  breach: { host: 'jump-01', attacker: '203.0.113.77', user: 'oracle' },
  noise: { monitor: 'mon-01', checked: 'payments-api', poller: 'srv-mon-02', scanner: '203.0.113.66', edge: 'fw-02' },
  slow: { host: 'srv-files-02', user: 'h.vogel' },
} as const;

/** Spread `n` values over [0, span) without randomness, so the files are the same on every run. */
const spread = (n: number, span: number) => Array.from({ length: n }, (_, i) => Math.floor((i * span) / n));

/** (a) The approved night change on fw-01 (inside its window), and one more change after it that nobody approved. */
export function nightChange(): string[] {
  const { host, engineer, stranger } = STORY.night;
  const start = REFERENCE.nightWindowStart;
  const change = (at: number, user: string, ip: string, action: string, detail: string) =>
    ecs(at, host, {
      event: { kind: 'event', category: 'configuration', type: 'change', action, outcome: 'success', module: 'fortinet', dataset: 'fortinet.firewall' },
      user: { name: user },
      source: { ip },
      message: `${detail} (by ${user} from ${ip})`,
    });
  return [
    logon(start + 4 * MINUTE, host, 'success', engineer, '10.0.4.21', 52011),
    change(start + 10 * MINUTE, engineer, '10.0.4.21', 'policy-modified', 'Edit firewall.policy 12: srcaddr VPN-users, dstaddr DMZ-web'),
    change(start + 18 * MINUTE, engineer, '10.0.4.21', 'policy-deleted', 'Delete firewall.policy 7 (legacy any-any)'),
    change(start + 26 * MINUTE, engineer, '10.0.4.21', 'policy-added', 'Add firewall.policy 31: VPN-users to monitoring'),
    // Forty minutes after the window closed: a change no approved change covers.
    logon(start + 2 * HOUR + 38 * MINUTE, host, 'success', stranger, '10.0.4.77', 60321),
    change(start + 2 * HOUR + 40 * MINUTE, stranger, '10.0.4.77', 'policy-modified', 'Edit firewall.policy 12: action accept, service ALL'),
  ];
}

/** (b) The last 45 minutes: a storm of repeated alerts and, inside it, a brute force that succeeds and dumps LSASS. */
export function alertStorm(): string[] {
  const from = REFERENCE.end - 45 * MINUTE;
  const { monitor, checked, poller, scanner, edge } = STORY.noise;
  // A health check every 10 s, down two minutes in every ten: the same alert again and again, flapping.
  const heartbeat = Array.from({ length: 270 }, (_, i) => {
    const down = i % 60 >= 24 && i % 60 < 36;
    return ecs(from + i * 10_000, monitor, {
      event: { kind: 'event', category: 'network', type: 'connection', dataset: 'http_check', module: 'heartbeat', outcome: down ? 'failure' : 'success' },
      monitor: { id: checked, status: down ? 'down' : 'up' },
      service: { name: checked },
      message: `HTTP check ${checked}: ${down ? 'connection refused' : 'OK'}`,
    });
  });
  // A monitoring agent that runs systeminfo.exe every 30 s: a real SigmaHQ rule, firing all hour.
  const inventory = spread(90, 45 * MINUTE).map((t) => processStart(from + t, poller, 'svc-monitor', 'C:\\Windows\\System32\\systeminfo.exe', 'systeminfo.exe /fo csv', 'C:\\Program Files\\Monitor\\agent.exe'));
  // An internet scanner on the blocklist knocking on the edge firewall, denied each time.
  const scan = spread(1200, 45 * MINUTE).map((t, i) =>
    ecs(from + t, edge, {
      event: { kind: 'event', category: 'network', type: 'denied', action: 'deny', module: 'fortinet', dataset: 'fortinet.firewall' },
      source: { ip: scanner, port: 40000 + (i % 20000) },
      destination: { ip: '198.51.100.10', port: [22, 23, 80, 443, 445, 3389, 8080][i % 7] },
      network: { transport: 'tcp' },
      message: `deny ${scanner} -> 198.51.100.10`,
    }),
  );
  // What a quiet estate sends anyway: service accounts logging on, web requests.
  const quiet = [
    ...spread(500, 45 * MINUTE).map((t, i) => logon(from + t, `app-0${1 + (i % 6)}`, 'success', ['deploy', 'svc-backup', 'svc-web'][i % 3], `10.0.3.${2 + (i % 8)}`, 50000 + i)),
    ...spread(600, 45 * MINUTE).map((t, i) =>
      ecs(from + t, `web-${1 + (i % 3)}`, {
        event: { kind: 'event', category: 'web', type: 'access', dataset: 'nginx.access', outcome: 'success' },
        http: { request: { method: 'GET' }, response: { status_code: 200 } },
        url: { path: ['/api/orders', '/api/cart', '/health', '/'][i % 4] },
        source: { ip: `10.0.5.${2 + (i % 240)}` },
      }),
    ),
  ];
  return [...heartbeat, ...inventory, ...scan, ...quiet, ...breach(from + 20 * MINUTE)];
}

/** Forty passwords in two minutes from one address, one that works, then LSASS dumped with comsvcs.dll (as OTRF recorded it). */
function breach(at: number): string[] {
  const { host, attacker, user } = STORY.breach;
  const users = ['administrator', 'admin', 'oracle', 'backup', 'scanner'];
  const failures = Array.from({ length: 40 }, (_, i) => logon(at + i * 3_000, host, 'failure', users[i % users.length], attacker, 41000 + i));
  const dump = at + 9 * MINUTE;
  const rundll = 'C:\\Windows\\System32\\rundll32.exe';
  return [
    ...failures,
    logon(at + 130_000, host, 'success', user, attacker, 41999),
    processStart(dump, host, user, rundll, 'rundll32.exe C:\\windows\\System32\\comsvcs.dll, MiniDump 620 C:\\Users\\Public\\lsass.dmp full', 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe'),
    sysmon(dump + 150, host, 10, {
      SourceImage: rundll,
      TargetImage: 'C:\\Windows\\system32\\lsass.exe',
      GrantedAccess: '0x1fffff',
      CallTrace: 'C:\\Windows\\SYSTEM32\\ntdll.dll+9fc24|C:\\Windows\\System32\\comsvcs.dll+4a2c|C:\\Windows\\system32\\rundll32.exe+3bd4',
    }),
    sysmon(dump + 900, host, 11, { Image: rundll, TargetFilename: 'C:\\Users\\Public\\lsass.dmp' }),
  ];
}

/** (c) One low step every few days on one file server: two looks around, an account of its own, an archive of the finance share. */
export function slowIntrusion(): string[] {
  const { host, user } = STORY.slow;
  const end = REFERENCE.end;
  return [
    processStart(end - 10 * DAY - 5 * HOUR, host, user, 'C:\\Windows\\System32\\systeminfo.exe', 'systeminfo.exe'),
    processStart(end - 7 * DAY - 2 * HOUR, host, user, 'C:\\Windows\\System32\\net.exe', 'net.exe group "domain admins" /domain'),
    processStart(end - 4 * DAY - 6 * HOUR, host, user, 'C:\\Windows\\System32\\net.exe', 'net.exe user svc-update Winter2026! /add'),
    processStart(end - 1 * DAY - 3 * HOUR, host, user, 'C:\\Windows\\System32\\tar.exe', 'tar.exe -cf C:\\Users\\Public\\q4.tar D:\\Finance\\Reports'),
  ];
}
