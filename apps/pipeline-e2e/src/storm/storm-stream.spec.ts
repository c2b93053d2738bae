import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Event, RawEvent } from '@quell/contracts';
import { normalizeRecord } from '@quell/normalize';
import { DetectionRuleSet, loadSigmaRules, type SigmaDetectionRule } from '@quell/rules';
import { ATTACKS } from './attacks';
import { MAINTENANCE_HOSTS } from './maintenance';
import { MONITOR_HOST } from './noise';
import type { ShipperRecord } from './shipper-formats';
import { STORM_START, stormRecords } from './stream';
import { LSASS_RULE_FILES, LSASS_RULE_IDS, SIGMA_DIR, stormRuleFiles } from './storm-rules';

function normalized(record: ShipperRecord): Event {
  const raw: RawEvent = {
    id: 'storm', tenant: 'acme', receivedAt: 0, source: { type: 'kafka', name: 'storm', host: null },
    format: record.format === 'json' ? null : record.format === 'syslog' ? 'syslog5424' : record.format,
    contentType: 'text/plain', payload: Buffer.from(record.text), attributes: {},
  };
  return normalizeRecord(raw, 0);
}

describe('the alert-storm stream', () => {
  const records = stormRecords();
  const events = records.map(normalized);
  const rules = new DetectionRuleSet(
    [...stormRuleFiles()].flatMap(([name, text]) => loadSigmaRules(text, name).rules.filter((r): r is SigmaDetectionRule => r.kind === 'detection')),
  );

  it('holds over 100,000 records in event-time order within the hour, the same for the same seed', () => {
    expect(records.length).toBeGreaterThanOrEqual(100_000);
    expect(records.every((r, i) => i === 0 || records[i - 1].at <= r.at)).toBe(true);
    expect(records[0].at).toBeGreaterThanOrEqual(STORM_START);
    expect(records[records.length - 1].at).toBeLessThan(STORM_START + 3_600_000);
    expect(stormRecords().slice(0, 500)).toEqual(records.slice(0, 500));
    expect(stormRecords({ seed: 7 }).slice(0, 500)).not.toEqual(records.slice(0, 500));
  });

  it('normalizes every record with its host and its own time (to the second, as FortiOS writes it)', () => {
    expect(events.filter((e, i) => e.host?.name !== records[i].host || Math.abs(e.time - records[i].at) >= 1000)).toEqual([]);
    const classes = new Set(events.map((e) => e.className));
    expect([...classes].sort()).toEqual(['application', 'authentication', 'config_change', 'file', 'network', 'other', 'process']);
  });

  it('has config changes only on the maintained databases and the attacked firewall', () => {
    const hosts = new Set(events.filter((e) => e.className === 'config_change').map((e) => e.host?.name));
    expect([...hosts].sort()).toEqual([...MAINTENANCE_HOSTS, ATTACKS.firewallChange.host].sort());
  });

  it('names the SigmaHQ LSASS rules by the ids their files carry', () => {
    const ids = LSASS_RULE_FILES.map((path) => loadSigmaRules(readFileSync(join(SIGMA_DIR, path), 'utf8'), path).rules[0]?.id);
    expect(ids).toEqual(LSASS_RULE_IDS);
  });

  it('trips the detection rules only with the attacks, the maintenance and the flapping check', () => {
    const alerting = new Set<string>();
    for (const event of events) {
      for (const rule of rules.match(event)) if (!['failed_logon', 'successful_logon'].includes(rule.name ?? '')) alerting.add(`${event.host?.name} ${rule.title}`);
    }
    expect([...alerting].sort()).toEqual(
      [
        ...MAINTENANCE_HOSTS.map((h) => `${h} Shell script downloaded with curl`),
        `${MONITOR_HOST} Service check failed`,
        ...['Process Memory Dump Via Comsvcs.DLL', 'LSASS Dump Keyword In CommandLine', 'Lsass Memory Dump via Comsvcs DLL', 'Potential Credential Dumping Activity Via LSASS', 'LSASS Process Memory Dump Files'].map(
          (title) => `${ATTACKS.lsassDump.host} ${title}`,
        ),
      ].sort(),
    );
  });
});
