import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RawEvent } from '@quell/contracts';
import { EventHistoryRepository } from '@quell/platform-event-history';
import { loadConfig } from '@quell/platform-config';
import { createLogger } from '@quell/platform-observability';
import { createSharedInfrastructure, serviceUses, startServiceApp, type ServiceApp, type SharedInfrastructure } from '@quell/platform-service-kit';
import { collectTopic, requireKafkaBrokers, uniqueName, waitFor } from '@quell/platform-testing';
import { normalizerConfigSchema } from './config';
import { normalizerService } from './normalizer.service';

const brokers = requireKafkaBrokers();

interface RoleProcess {
  service: ServiceApp;
  infra: SharedInfrastructure;
  readiness(): Promise<{ status: number; checks: string[] }>;
}

/**
 * The normalize role and the history role each in a service of its own, as two deployments would
 * run them, over the real broker (the history writer's ClickHouse is the embedded engine).
 */
describe('normalizer roles deployed apart (NORMALIZER_ROLES)', () => {
  const prefix = uniqueName('roles');
  const database = uniqueName('quell_roles');
  const processes: RoleProcess[] = [];
  let normalize: RoleProcess;
  let history: RoleProcess;

  async function start(roles: string, name: string): Promise<RoleProcess> {
    const config = loadConfig(normalizerConfigSchema, {
      BUS: 'kafka',
      KAFKA_BROKERS: brokers.join(','),
      TOPIC_PREFIX: `${prefix}.`,
      KAFKA_GROUP_PREFIX: prefix,
      SERVICE_NAME: name,
      NORMALIZER_ROLES: roles,
      CLICKHOUSE_DATABASE: database,
      CLICKHOUSE_DATA_DIR: mkdtempSync(join(tmpdir(), 'quell-roles-')),
      HISTORY_BATCH_MAX_WAIT_MS: '200',
      LOG_LEVEL: 'silent',
    });
    const logger = createLogger({ service: name, level: 'silent' });
    const infra = await createSharedInfrastructure(config, serviceUses(normalizerService, config), logger);
    const service = await startServiceApp(normalizerService, config, infra, { httpPort: 0, logger });
    const url = `http://127.0.0.1:${(service.app.getHttpServer().address() as { port: number }).port}`;
    const started: RoleProcess = {
      service,
      infra,
      readiness: async () => {
        const response = await fetch(`${url}/health/ready`);
        const body = (await response.json()) as { checks: Record<string, unknown> };
        return { status: response.status, checks: Object.keys(body.checks).sort() };
      },
    };
    processes.push(started);
    return started;
  }

  beforeAll(async () => {
    normalize = await start('normalize', 'normalizer');
    history = await start('history', 'history-writer');
  }, 90_000);

  afterAll(async () => {
    for (const { service, infra } of processes) {
      await service.close();
      await infra.close();
    }
  });

  it('runs only its own consumer group in each process, and only the history writer opens ClickHouse', async () => {
    expect(normalize.service.transport.handles().map((h) => h.status().groupId)).toEqual([`${prefix}.normalizer`]);
    expect(history.service.transport.handles().map((h) => h.status().groupId)).toEqual([`${prefix}.history-writer`]);
    expect(normalize.infra.clickhouse).toBeUndefined();
    expect(history.infra.clickhouse).toBeDefined();
    await waitFor(async () => ((await normalize.readiness()).status === 200 ? true : undefined), { description: 'normalize ready' });
    await waitFor(async () => ((await history.readiness()).status === 200 ? true : undefined), { description: 'history ready' });
    expect((await normalize.readiness()).checks).toEqual(['bus', `consumer:${prefix}.normalizer`]);
    expect((await history.readiness()).checks).toEqual(['bus', 'clickhouse', `consumer:${prefix}.history-writer`]);
  }, 60_000);

  it('normalizes raw records in one process and stores the Events they became from the other', async () => {
    const events = await collectTopic(brokers, normalize.infra.topics.events, { fromBeginning: true });
    const tenant = `t${randomUUID().slice(0, 8)}`;
    const raws: RawEvent[] = Array.from({ length: 25 }, (_, i) => ({
      id: randomUUID(),
      tenant,
      receivedAt: Date.now(),
      source: { type: 'http', name: 'roles-test', host: null },
      format: 'json',
      contentType: 'application/json',
      payload: Buffer.from(JSON.stringify({ '@timestamp': new Date().toISOString(), host: { name: `web-${i % 3}` }, message: `login ${i}` })),
      attributes: {},
    }));
    await normalize.infra.bus.publish(raws.map((raw) => ({ topic: normalize.infra.topics.raw, key: raw.id, value: normalize.infra.codec.encode('RawEvent', raw) })));

    const repository = new EventHistoryRepository(history.infra.clickhouse!, database);
    await waitFor(async () => ((await repository.count(tenant)) === 25 ? true : undefined), { description: '25 history rows', timeoutMs: 30_000 });
    const published = events.messages.map((m) => normalize.infra.codec.decode(m.value!, 'Event')).filter((e) => e.tenant === tenant);
    expect(published).toHaveLength(25);
    const stored = await repository.findByIds(tenant, published.map((e) => e.id));
    expect(stored.map((row) => row.id).sort()).toEqual(published.map((e) => e.id).sort());
    await events.stop();
  }, 60_000);
});
