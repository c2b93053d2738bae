import { COMPACTED_ROLES, TOPIC_SETTINGS } from './topic-settings';
import { BYTES_ROLES, TOPIC_ROLES, TOPIC_SCHEMA, topicsFor } from './topics';

describe('topics', () => {
  it('names every topic with a version suffix', () => {
    expect(topicsFor()).toEqual({
      ingest: 'quell.ingest.v1',
      raw: 'quell.raw.v1',
      events: 'quell.events.v1',
      configChanges: 'quell.events.config-changes.v1',
      matches: 'quell.matches.v1',
      alerts: 'quell.alerts.v1',
      alertsScreened: 'quell.alerts.screened.v1',
      alertsUnique: 'quell.alerts.unique.v1',
      alertsSuppressed: 'quell.alerts.suppressed.v1',
      incidents: 'quell.incidents.v1',
      incidentsOcsf: 'quell.incidents.ocsf.v1',
      changes: 'quell.changes.v1',
      notifications: 'quell.notifications.v1',
      deadLetters: 'quell.dlq.v1',
    });
  });

  it('prepends a prefix so tests get their own topics', () => {
    const topics = topicsFor('t-42.');
    for (const role of TOPIC_ROLES) expect(topics[role]).toBe(`t-42.${topicsFor()[role]}`);
  });

  it('gives every topic but the raw-bytes and JSON ones (ingest, dead letters, OCSF incidents) a value schema', () => {
    const bytesRoles: readonly string[] = BYTES_ROLES;
    expect(Object.keys(TOPIC_SCHEMA).sort()).toEqual(TOPIC_ROLES.filter((r) => !bytesRoles.includes(r)).sort());
  });

  it('has settings for every topic: the state topics compacted, the streams kept for a time', () => {
    expect(Object.keys(TOPIC_SETTINGS).sort()).toEqual([...TOPIC_ROLES].sort());
    expect(COMPACTED_ROLES).toEqual(['incidents', 'incidentsOcsf', 'changes']);
    for (const role of TOPIC_ROLES.filter((r) => !COMPACTED_ROLES.includes(r))) expect(TOPIC_SETTINGS[role].retentionMs).toBeGreaterThan(0);
  });
});
