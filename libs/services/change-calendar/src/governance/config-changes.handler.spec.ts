import { PATTERN_EXTRAS_METADATA, PATTERN_METADATA } from '@nestjs/microservices/constants';
import { AvroCodec, emptyEventParts, topicsFor, type Change, type EncodableRecord, type Event } from '@quell/contracts';
import { ChangeList, screenConfigChange } from '@quell/calendar';
import type { InboundRecord } from '@quell/platform-kafka';
import type { ChangeCalendar } from '../change-calendar';
import type { ConfigChangeMemory } from '../related/config-change-memory';
import { ConfigChangesHandler } from './config-changes.handler';
import { FREEZE_CHANGE_RULE, governanceAlertOf, UNAPPROVED_CHANGE_RULE } from './governance-alert';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-03-02T00:00:00Z');
const scope = { hosts: ['fw-01'], ips: [], services: [], tags: [], eventClasses: [], actions: [], rules: [] };

function change(overrides: Partial<Change> = {}): Change {
  return {
    id: 'chg-31', tenant: 'acme', title: 'Firewall maintenance', ticketRef: 'CHG0031', kind: 'normal', status: 'approved', scope,
    windows: [{ start: T0, end: T0 + 2 * HOUR, rrule: null, timeZone: 'UTC', exdates: [] }],
    owner: 'netops', approver: 'cab', approvals: [], version: 1, ...overrides,
  };
}

function configChange(at: number, overrides: Partial<Event> = {}): Event {
  return {
    ...emptyEventParts(), id: `e-${at}`, tenant: 'acme', time: at, ingestTime: at, source: { type: 'syslog', name: 'fw' },
    className: 'config_change', classUid: 5019, action: 'rule_modified', host: { name: 'fw-01', ip: '10.0.0.1' }, user: { name: 'Bob', domain: 'CORP' },
    ...overrides,
  };
}

const freeze = change({ id: 'frz-1', title: 'No firewall changes after hours', ticketRef: null, kind: 'freeze', windows: [{ start: T0, end: T0 + 8 * HOUR, rrule: null, timeZone: 'UTC', exdates: [] }] });

describe('governanceAlertOf', () => {
  it('raises nothing for a change an approved change covers outside a freeze', () => {
    const event = configChange(T0 + HOUR / 2);
    expect(governanceAlertOf(event, screenConfigChange(event, new ChangeList([change()])))).toBeNull();
  });

  it('names host, actor and the nearest change for an unapproved change, with an id a replay repeats', () => {
    const event = configChange(T0 + 3 * HOUR);
    const alert = governanceAlertOf(event, screenConfigChange(event, new ChangeList([change()])))!;
    expect(alert).toMatchObject({ kind: 'change', tenant: 'acme', firstSeen: event.time, sampleEventIds: [event.id], suppression: { state: 'none', changeId: null } });
    expect(alert.rule).toMatchObject({ id: UNAPPROVED_CHANGE_RULE, level: 'medium' });
    expect(alert.entities).toEqual(expect.arrayContaining([{ type: 'host', value: 'fw-01' }, { type: 'user', value: 'bob' }]));
    expect(alert.details).toMatchObject({
      'change.host': 'fw-01', 'change.actor': 'CORP\\Bob', 'change.nearest.id': 'chg-31', 'change.nearest.ticketRef': 'CHG0031', 'change.nearest.distanceMs': String(HOUR),
    });
    expect(alert.explanation).toMatch(/fw-01 by CORP\\Bob made without an approved change; nearest change CHG0031 "Firewall maintenance" 60 min away/);
    expect(governanceAlertOf(event, screenConfigChange(event, new ChangeList([change()])))!.id).toBe(alert.id);
  });

  it('raises a high-severity freeze alert for an approved change made in a freeze, annotated with the change', () => {
    const event = configChange(T0 + HOUR);
    const alert = governanceAlertOf(event, screenConfigChange(event, new ChangeList([change(), freeze])))!;
    expect(alert.rule).toMatchObject({ id: FREEZE_CHANGE_RULE, level: 'high' });
    expect(alert.suppression).toMatchObject({ state: 'annotated', changeId: 'chg-31' });
    expect(alert.details).toMatchObject({ 'change.cover.id': 'chg-31', 'change.freeze.id': 'frz-1' });
  });

  it('falls back to the reporting firewall and the process when the event names no host or user', () => {
    const event = configChange(T0 + 3 * HOUR, { host: null, user: null, observer: { vendor: 'Fortinet', product: 'FortiGate', version: null, hostname: 'FW-02', ip: null, type: 'firewall' }, process: { pid: null, name: 'iptables', executable: null, commandLine: null, parentName: null, parentCommandLine: null, parentExecutable: null, parentPid: null, hash: null } });
    const alert = governanceAlertOf(event, screenConfigChange(event, new ChangeList([])))!;
    expect(alert.details).toMatchObject({ 'change.host': 'fw-02', 'change.actor': 'iptables' });
    expect(alert.details['change.nearest.id']).toBeUndefined();
  });
});

describe('ConfigChangesHandler', () => {
  const codec = new AvroCodec();
  const topics = topicsFor('t.');
  const calendar = (changes: Change[]) => ({ index: new ChangeList(changes), advance: () => undefined }) as unknown as ChangeCalendar;
  const records = (events: Event[]) => events.map((value, offset) => ({ topic: topics.configChanges, partition: 0, offset: String(offset), key: null, value }) as unknown as InboundRecord<Event>);

  it('reads the config-changes topic, and of it only config changes, told by the class alone before decoding', () => {
    expect((Reflect.getMetadata(PATTERN_METADATA, ConfigChangesHandler.prototype.handle) as string[])[0].split('|')[0]).toBe('configChanges');
    expect(Reflect.getMetadata(PATTERN_EXTRAS_METADATA, ConfigChangesHandler.prototype.handle)).toEqual({ only: { field: 'className', values: ['config_change'] } });
  });

  it('publishes one screened alert per unapproved config_change of the batch', async () => {
    const seen: string[] = [];
    const memory = { see: (event: Event) => seen.push(event.id) } as unknown as ConfigChangeMemory;
    const handler = new ConfigChangesHandler(codec, topics, calendar([change()]), memory);
    const out = await handler.handle(records([configChange(T0 + HOUR / 2), configChange(T0 + 3 * HOUR)]));
    // Both edits remembered for the related changes of later alerts.
    expect(seen).toEqual([`e-${T0 + HOUR / 2}`, `e-${T0 + 3 * HOUR}`]);
    expect(out).toHaveLength(1);
    expect(out[0].topic).toBe(topics.alertsScreened);
    const encodable = out[0].value as EncodableRecord<'Alert'>;
    const alert = encodable.decode(encodable.encode());
    expect(alert.sampleEventIds).toEqual([`e-${T0 + 3 * HOUR}`]);
    expect(out[0].key).toBe(alert.fingerprint);
  });
});
