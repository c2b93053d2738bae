// The approved maintenance window and its expected alerts: the database servers are patched between
// minutes 20 and 50 (configuration edits, install scripts fetched with curl, restarts). The script
// downloads trip a detection rule; the approved change must suppress those alerts, and the edits,
// covered by it, must raise no unapproved-change alert.
import type { StormRandom } from './storm-random';
import { ecs, syslog5424, type ShipperRecord } from './shipper-formats';

const MINUTE = 60_000;
export const MAINTENANCE_HOSTS = ['db-01', 'db-02', 'db-03', 'db-04'];
export const MAINTENANCE = { from: 20, to: 50, ticketRef: 'CHG0047110' } as const;

/** The change as the change-calendar API takes it (POST /v1/changes), to approve before the replay. */
export function maintenanceDraft(start: number): Record<string, unknown> {
  return {
    title: 'Database patching (PostgreSQL 16.6)',
    ticketRef: MAINTENANCE.ticketRef,
    owner: 'dba-team',
    kind: 'normal',
    scope: { hosts: ['db-*'] },
    windows: [{ start: new Date(start + MAINTENANCE.from * MINUTE).toISOString(), end: new Date(start + MAINTENANCE.to * MINUTE).toISOString(), timeZone: 'UTC' }],
  };
}

/** The network team's standing rule, as a freeze: no firewall changes after hours (here the whole night). */
export function firewallFreezeDraft(start: number): Record<string, unknown> {
  const night = start - (start % (24 * 3_600_000));
  return {
    title: 'No firewall changes after hours',
    ticketRef: 'POL-NET-7',
    owner: 'netops',
    kind: 'freeze',
    scope: { hosts: ['fw-*'] },
    windows: [{ start: new Date(night).toISOString(), end: new Date(night + 6 * 3_600_000).toISOString(), timeZone: 'UTC' }],
  };
}

export function maintenanceActivity(random: StormRandom, start: number): ShipperRecord[] {
  return MAINTENANCE_HOSTS.flatMap((host, i) => {
    const at = start + (MAINTENANCE.from + 2 + i * 6) * MINUTE;
    const step = (offset: number) => at + offset * 1_000 + random.int(0, 900);
    return [
      syslog5424(step(0), host, 'sshd', 900 + i, `Accepted publickey for dbadmin from 10.0.4.40 port ${50000 + i} ssh2: ED25519 SHA256:Dba0k3y`),
      ecs(step(20), host, {
        event: { category: ['process'], type: ['start'], action: 'exec' },
        process: { pid: 5100 + i, name: 'curl', executable: '/usr/bin/curl', command_line: `curl -fsSL https://repo.example.com/pg/16.6/install.sh -o /tmp/install.sh`, parent: { name: 'bash' } },
        user: { name: 'dbadmin' },
      }),
      ecs(step(60), host, {
        event: { kind: 'event', category: ['configuration'], type: ['change'], action: 'config-file-changed', outcome: 'success', module: 'auditd' },
        file: { path: '/etc/postgresql/16/main/postgresql.conf' },
        user: { name: 'dbadmin' },
        message: 'postgresql.conf changed',
      }),
      syslog5424(step(90), host, 'sudo', 0, '  dbadmin : TTY=pts/0 ; PWD=/home/dbadmin ; USER=root ; COMMAND=/usr/bin/systemctl restart postgresql', 85),
    ];
  });
}
