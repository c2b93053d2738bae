// The three planted attacks, each at a fixed minute of the storm's hour and on entities no other
// attack shares, so each must end as an incident of its own.
import { fortios, syslog5424, winlogbeat, type ShipperRecord } from './shipper-formats';

const MINUTE = 60_000;

/** What the scenario must find, and where. */
export const ATTACKS = {
  bruteForce: { host: 'bastion-01', sourceIp: '203.0.113.77', user: 'oracle', minute: 12 },
  lsassDump: { host: 'wks-fin-07', user: 'm.keller', minute: 26 },
  firewallChange: { host: 'fw-edge-01', user: 'jdoe', sourceIp: '198.51.100.23', minute: 41 },
} as const;
export type AttackName = keyof typeof ATTACKS;

/** 40 failed SSH passwords from one address in two minutes, then a password that works. */
export function bruteForceThenLogon(start: number): ShipperRecord[] {
  const { host, sourceIp, user, minute } = ATTACKS.bruteForce;
  const from = start + minute * MINUTE;
  const users = ['root', 'admin', 'oracle', 'postgres', 'ubuntu'];
  const failures = Array.from({ length: 40 }, (_, i) =>
    syslog5424(from + i * 3_000, host, 'sshd', 7100 + i, `Failed password for ${users[i % users.length]} from ${sourceIp} port ${41000 + i} ssh2`),
  );
  return [...failures, syslog5424(from + 130_000, host, 'sshd', 7200, `Accepted password for ${user} from ${sourceIp} port 41999 ssh2`)];
}

/** comsvcs.dll's MiniDump on LSASS, as Sysmon records it (after OTRF's recording of the technique). */
export function lsassDump(start: number): ShipperRecord[] {
  const { host, user, minute } = ATTACKS.lsassDump;
  const at = start + minute * MINUTE + 40_000;
  const rundll = 'C:\\Windows\\System32\\rundll32.exe';
  return [
    winlogbeat(at, host, 'Sysmon', 1, {
      Image: rundll,
      CommandLine: 'rundll32.exe C:\\windows\\System32\\comsvcs.dll, MiniDump 620 C:\\Users\\Public\\lsass.dmp full',
      ParentImage: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
      User: `CORP\\${user}`,
    }),
    winlogbeat(at + 150, host, 'Sysmon', 10, {
      SourceImage: rundll,
      TargetImage: 'C:\\Windows\\system32\\lsass.exe',
      GrantedAccess: '0x1fffff',
      CallTrace: 'C:\\Windows\\SYSTEM32\\ntdll.dll+9fc24|C:\\Windows\\System32\\comsvcs.dll+4a2c|C:\\Windows\\system32\\rundll32.exe+3bd4',
    }),
    winlogbeat(at + 900, host, 'Sysmon', 11, { Image: rundll, TargetFilename: 'C:\\Users\\Public\\lsass.dmp' }),
  ];
}

/** An any-to-any accept policy added on the edge firewall at night, then edited, by one admin. */
export function firewallChangeAtNight(start: number): ShipperRecord[] {
  const { host, user, sourceIp, minute } = ATTACKS.firewallChange;
  const at = start + minute * MINUTE + 12_000;
  const edit = (t: number, action: string, attr: string) =>
    fortios(t, host, {
      logid: '0100044547', type: 'event', subtype: 'system', level: 'information', vd: 'root', logdesc: 'Object attribute configured',
      user, ui: `GUI(${sourceIp})`, action, cfgtid: 1048601, cfgpath: 'firewall.policy', cfgobj: '99', cfgattr: attr, msg: `${action} firewall.policy 99`,
    });
  return [edit(at, 'Add', 'name[tmp-any]srcintf[wan1]dstintf[lan]action[accept]'), edit(at + 28_000, 'Edit', 'service[ALL]')];
}

export function attacks(start: number): ShipperRecord[] {
  return [...bruteForceThenLogon(start), ...lsassDump(start), ...firewallChangeAtNight(start)];
}
