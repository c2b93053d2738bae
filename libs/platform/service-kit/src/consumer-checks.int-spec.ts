import { randomUUID } from 'node:crypto';
import { Controller, Module } from '@nestjs/common';
import { baseServiceSchema, loadConfig } from '@quell/platform-config';
import { ConsumeBatch, ConsumerCrash, type InboundRecord, type OutboundRecord } from '@quell/platform-kafka';
import { createLogger } from '@quell/platform-observability';
import { requireKafkaBrokers, waitFor } from '@quell/platform-testing';
import { defineService } from './service-definition';
import { startServiceApp, type ServiceApp } from './service-app';
import { createSharedInfrastructure, type SharedInfrastructure } from './shared-infrastructure';

const handled: string[] = [];

@Controller()
class ProbeHandler {
  @ConsumeBatch('ingest')
  async handle(records: InboundRecord<Buffer>[]): Promise<OutboundRecord[]> {
    handled.push(...records.map((r) => r.value.toString()));
    return [];
  }
}

@Module({ controllers: [ProbeHandler] })
class ProbeModule {}

const schema = baseServiceSchema({ serviceName: 'probe', httpPort: 0 });
const probeService = defineService({ name: 'probe', defaultHttpPort: 0, configSchema: schema, module: () => ProbeModule, uses: {} });

describe('consumer readiness and liveness checks', () => {
  const prefix = `checks-${randomUUID().slice(0, 8)}`;
  let infra: SharedInfrastructure;
  let service: ServiceApp;
  let url: string;
  let crashes = 1;

  beforeAll(async () => {
    const config = loadConfig(schema, {
      BUS: 'kafka',
      KAFKA_BROKERS: requireKafkaBrokers().join(','),
      TOPIC_PREFIX: `${prefix}.`,
      KAFKA_GROUP_PREFIX: prefix,
      // Long enough for the probes below to see the consumer down.
      KAFKA_CONSUMER_RESTART_BACKOFF_MS: '3000',
      LOG_LEVEL: 'silent',
    });
    const logger = createLogger({ service: 'probe', level: 'silent' });
    infra = await createSharedInfrastructure(config, probeService.uses, logger);
    service = await startServiceApp(probeService, config, infra, {
      httpPort: 0,
      logger,
      beforeCommit: async () => {
        if (crashes-- > 0) throw new ConsumerCrash('The coordinator is not aware of this member');
      },
    });
    url = `http://127.0.0.1:${service.app.getHttpServer().address().port}`;
  }, 60_000);

  afterAll(async () => {
    await service?.close();
    await infra?.close();
  });

  it('answers 503 naming the group while its consumer is down, 200 once it rejoined, and counts the crash', async () => {
    const group = `consumer:${prefix}.probe`;
    const ready = async () => {
      const res = await fetch(`${url}/health/ready`);
      return { status: res.status, body: (await res.json()) as { failed?: string[]; checks: Record<string, { error?: string }> } };
    };
    await waitFor(async () => ((await ready()).status === 200 ? true : undefined), { description: 'the service to be ready' });
    expect((await ready()).body.checks).toHaveProperty([group]);

    await infra.bus.publish([{ topic: infra.topics.ingest, key: 'k', value: Buffer.from('first') }]);
    const down = await waitFor(async () => {
      const probe = await ready();
      return probe.status === 503 ? probe.body : undefined;
    }, { description: 'readiness to fail while the consumer restarts', intervalMs: 50 });
    expect(down.failed).toEqual([group]);
    expect(down.checks[group].error).toMatch(/^restarting: .*coordinator is not aware/);
    expect((await fetch(`${url}/health/live`)).status).toBe(200);

    await waitFor(async () => ((await ready()).status === 200 ? true : undefined), { description: 'readiness back after the rejoin' });
    await waitFor(() => (handled.length >= 2 ? true : undefined), { description: 'the record redone after the crash' });
    expect(handled).toEqual(['first', 'first']);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toContain(`quell_consumer_crashes_total{group="${prefix}.probe",service="probe"} 1`);
    expect(metrics).toContain(`quell_consumer_restarts_total{group="${prefix}.probe",service="probe"} 1`);
  }, 60_000);
});
