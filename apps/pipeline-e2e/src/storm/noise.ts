// The storm's background: what a quiet night of a mid-size estate sends, none of it an attack.
// Benign repeats (service accounts logging on, the same flows through the firewalls), routine admin
// activity (SSH with keys, sudo, the odd mistyped password) and a health check that flaps.
import type { StormRandom } from './storm-random';
import { cef, ecs, fortios, syslog5424, winlogbeat, type ShipperRecord } from './shipper-formats';

export const HOUR_MS = 3_600_000;
export const FLAPPING_SERVICE = 'payments-api';
export const MONITOR_HOST = 'mon-01';

const pad = (n: number, width = 3) => String(n).padStart(width, '0');
const workstations = Array.from({ length: 120 }, (_, i) => `wks-${pad(i + 1)}`);
const servers = Array.from({ length: 10 }, (_, i) => `srv-${pad(i + 1, 2)}`);
export const LINUX_HOSTS = Array.from({ length: 12 }, (_, i) => `app-${pad(i + 1, 2)}`);
const ADMINS = ['alice', 'bob', 'carol', 'dave', 'erin'];
const adminIps = Array.from({ length: 20 }, (_, i) => `10.0.4.${i + 10}`);

const BENIGN_PROCESSES: { image: string; command: string; parent: string }[] = [
  { image: 'C:\\Windows\\System32\\svchost.exe', command: 'C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule', parent: 'C:\\Windows\\System32\\services.exe' },
  { image: 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', command: '"chrome.exe" --type=renderer --lang=en-US', parent: 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe' },
  { image: 'C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE', command: '"OUTLOOK.EXE" /recycle', parent: 'C:\\Windows\\explorer.exe' },
  { image: 'C:\\Windows\\System32\\conhost.exe', command: '\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1', parent: 'C:\\Windows\\System32\\cmd.exe' },
  { image: 'C:\\Windows\\System32\\taskhostw.exe', command: 'taskhostw.exe Install $(Arg0)', parent: 'C:\\Windows\\System32\\svchost.exe' },
  { image: 'C:\\Program Files\\Windows Defender\\MsMpEng.exe', command: '"MsMpEng.exe"', parent: 'C:\\Windows\\System32\\services.exe' },
  { image: 'C:\\Windows\\System32\\backgroundTaskHost.exe', command: '"backgroundTaskHost.exe" -ServerName:App.AppXmtcan0h2tfbfy7k9kn8hbxb6dmzz1zh0.mca', parent: 'C:\\Windows\\System32\\svchost.exe' },
];
const SUDO_COMMANDS = ['/usr/bin/systemctl status nginx', '/usr/bin/journalctl -u app --since today', '/usr/bin/apt list --upgradable', '/usr/bin/tail -200 /var/log/syslog', '/usr/bin/df -h'];
const LINUX_COMMANDS = ['/usr/bin/ls -la /var/www', '/usr/bin/ps aux', '/usr/bin/cat /etc/os-release', '/usr/bin/uptime', '/usr/bin/git pull --ff-only'];
const FLOWS = Array.from({ length: 40 }, (_, i) => ({ src: `10.0.${1 + (i % 6)}.${20 + i}`, dst: ['8.8.8.8', '10.0.9.1', '151.101.1.69', '10.0.9.20'][i % 4], dpt: [53, 443, 443, 5432][i % 4] }));

/** How many records of each kind one storm holds (scaled); the defaults make a little over 100,000 with the rest. */
export const NOISE_MIX = {
  sysmonProcess: 31_000,
  windowsLogon: 10_000,
  sshAccepted: 4_000,
  sshMistyped: 200,
  sudo: 5_000,
  cefTraffic: 20_000,
  fortiTraffic: 14_000,
  ecsWeb: 8_000,
  ecsProcess: 8_000,
};

/** The background noise of one hour starting at `start`, `scale` times the default mix. */
export function noise(random: StormRandom, start: number, scale = 1): ShipperRecord[] {
  const at = () => start + Math.floor(random.next() * HOUR_MS);
  const times = (n: number) => Array.from({ length: Math.round(n * scale) }, at);
  return [
    ...times(NOISE_MIX.sysmonProcess).map((t) => {
      const p = random.pick(BENIGN_PROCESSES);
      return winlogbeat(t, random.pick(workstations), 'Sysmon', 1, { Image: p.image, CommandLine: p.command, ParentImage: p.parent, User: `CORP\\${random.pick(ADMINS)}` });
    }),
    // Benign repeats: a few service accounts logging on to the same servers all hour.
    ...times(NOISE_MIX.windowsLogon).map((t) =>
      winlogbeat(t, random.pick(servers), 'Security', 4624, { TargetUserName: random.pick(['svc-backup', 'svc-sql', 'svc-web']), TargetDomainName: 'CORP', LogonType: '3', IpAddress: `10.0.3.${random.int(2, 9)}`, IpPort: String(random.int(49152, 65535)), WorkstationName: 'SRV-JUMP' }),
    ),
    ...times(NOISE_MIX.sshAccepted).map((t) =>
      syslog5424(t, random.pick(LINUX_HOSTS), 'sshd', random.int(1000, 30000), `Accepted publickey for ${random.pick(ADMINS)} from ${random.pick(adminIps)} port ${random.int(40000, 65000)} ssh2: ED25519 SHA256:q2Vb0oV8bWc`),
    ),
    // Mistyped passwords: about ten per admin address in the hour, never ten in five minutes.
    ...times(NOISE_MIX.sshMistyped).map((t) =>
      syslog5424(t, random.pick(LINUX_HOSTS), 'sshd', random.int(1000, 30000), `Failed password for ${random.pick(ADMINS)} from ${random.pick(adminIps)} port ${random.int(40000, 65000)} ssh2`),
    ),
    ...times(NOISE_MIX.sudo).map((t) =>
      syslog5424(t, random.pick(LINUX_HOSTS), 'sudo', 0, `  ${random.pick(ADMINS)} : TTY=pts/${random.int(0, 4)} ; PWD=/home ; USER=root ; COMMAND=${random.pick(SUDO_COMMANDS)}`, 85),
    ),
    ...times(NOISE_MIX.cefTraffic).map((t) => {
      const flow = random.pick(FLOWS);
      return cef(t, 'fw-edge-01', 'Accept', 'Accept', 3, { src: flow.src, dst: flow.dst, spt: random.int(49152, 65535), dpt: flow.dpt, proto: 'TCP', act: 'Accept', cat: 'Traffic' });
    }),
    ...times(NOISE_MIX.fortiTraffic).map((t) => {
      const flow = random.pick(FLOWS);
      const action = random.next() < 0.1 ? 'deny' : 'accept';
      return fortios(t, 'fw-core-02', { logid: '0000000013', type: 'traffic', subtype: 'forward', level: 'notice', vd: 'root', srcip: flow.src, srcport: random.int(49152, 65535), dstip: flow.dst, dstport: flow.dpt, proto: 6, action, policyid: 12, service: 'HTTPS' });
    }),
    ...times(NOISE_MIX.ecsWeb).map((t) =>
      ecs(t, random.pick(LINUX_HOSTS), { event: { kind: 'event', category: ['web'], type: ['access'], dataset: 'nginx.access', outcome: 'success' }, http: { request: { method: 'GET' }, response: { status_code: 200 } }, url: { path: random.pick(['/api/orders', '/api/cart', '/health', '/']) }, source: { ip: `10.0.5.${random.int(2, 250)}` } }),
    ),
    ...times(NOISE_MIX.ecsProcess).map((t) => {
      const command = random.pick(LINUX_COMMANDS);
      return ecs(t, random.pick(LINUX_HOSTS), { event: { category: ['process'], type: ['start'], action: 'exec' }, process: { pid: random.int(1000, 60000), name: command.split(' ')[0].split('/').pop(), executable: command.split(' ')[0], command_line: command, parent: { name: 'bash' } }, user: { name: random.pick(ADMINS) } });
    }),
    ...flappingCheck(start),
  ];
}

/**
 * A heartbeat check of one service every 30 s, down for two minutes every ten: each outage is an alert
 * that comes back after the dedup window, so the deduper sees it flap (what it should pass once).
 */
export function flappingCheck(start: number): ShipperRecord[] {
  return Array.from({ length: HOUR_MS / 30_000 }, (_, i) => {
    const t = start + i * 30_000;
    const down = (i % 20) >= 6 && (i % 20) < 10;
    return ecs(t, MONITOR_HOST, {
      event: { kind: 'event', category: ['network'], type: ['connection'], dataset: 'http_check', module: 'heartbeat', outcome: down ? 'failure' : 'success' },
      monitor: { id: FLAPPING_SERVICE, status: down ? 'down' : 'up' },
      service: { name: FLAPPING_SERVICE },
      message: `HTTP check ${FLAPPING_SERVICE}: ${down ? 'connection refused' : 'OK'}`,
    });
  });
}
