import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventHistoryRepository } from '@quell/platform-event-history';
import { logonEvent, T0 } from '../test/correlator-test-event';
import { InProcessCorrelator } from '../test/correlator-harness';

const DAY = 86_400_000;
const onBastion = (user: string, seconds: number) => logonEvent('success', seconds, '198.51.100.20', { user: { name: user, domain: null } });

describe('correlator first-seen anomalies over ClickHouse history (chdb)', () => {
  let correlator: InProcessCorrelator;

  afterAll(async () => {
    await correlator.stop();
    await correlator.infra?.close();
  });

  it('raises one first-seen alert for a user new on a host, explained, and none for a user history knows', async () => {
    const rulesFile = join(mkdtempSync(join(tmpdir(), 'quell-anomaly-rules-')), 'anomaly.yaml');
    writeFileSync(rulesFile, 'firstSeen:\n  - name: user-on-host\n    entity: host\n    value: user\n');
    correlator = new InProcessCorrelator({});
    await correlator.start(undefined, { CLICKHOUSE_DATA_DIR: mkdtempSync(join(tmpdir(), 'quell-correlator-ch-')), ANOMALY_RULES_FILE: rulesFile });
    const clickhouse = correlator.infra?.clickhouse;
    if (!clickhouse) throw new Error('the correlator has no ClickHouse client');
    const known = { ...onBastion('alice', 0), time: T0 - 3 * DAY };
    await new EventHistoryRepository(clickhouse, 'quell').insertBatch([EventHistoryRepository.eventToRow(known)], randomUUID());

    await correlator.send([onBastion('alice', 0), onBastion('mallory', 10), onBastion('mallory', 20)]);
    const [alert] = await correlator.until(() => (correlator.alerts().length > 0 ? correlator.alerts() : undefined), 'the first-seen alert');
    await correlator.settle();
    expect(correlator.alerts()).toHaveLength(1);
    expect(alert.entities).toEqual(expect.arrayContaining([{ type: 'host', value: 'bastion-1' }]));
    expect(alert.details).toMatchObject({
      'anomaly.type': 'first-seen',
      'anomaly.entity': 'bastion-1',
      'anomaly.value': 'mallory',
      'anomaly.baseline': 'not seen in lookback',
      'anomaly.first_seen': new Date(T0 + 10_000).toISOString(),
    });
    expect(alert.explanation).toContain('mallory');
  });
});
