import { Controller, Get, type INestApplication, Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { HealthRegistry } from './health/health-registry';
import { createLogger, type Logger } from './logging/create-logger';
import { PinoNestLogger } from './logging/pino-nest-logger';
import { PipelineMetrics } from './metrics/pipeline-metrics';
import { ObservabilityModule } from './observability.module';
import { LOGGER, METRICS } from './tokens';

const checks = { kafka: async () => true, clickhouse: async () => true, consumerLive: () => true };

// Stands in for an adapter (Kafka, ClickHouse…) that adds its readiness check at start.
@Injectable()
class FakeAdapter implements OnModuleInit {
  constructor(
    private readonly health: HealthRegistry,
    @Inject(METRICS) readonly metrics: PipelineMetrics,
    @Inject(LOGGER) readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.health.register('kafka', () => checks.kafka());
    this.health.register('clickhouse', () => checks.clickhouse());
    this.health.registerLiveness('consumer:g', () => checks.consumerLive());
  }
}

@Controller('records')
class RecordsController {
  constructor(@Inject(METRICS) private readonly metrics: PipelineMetrics) {}

  @Get()
  handle(): string {
    this.metrics.recordsIn.inc({ topic: 'quell.events.v1' });
    return 'ok';
  }
}

describe('ObservabilityModule', () => {
  let app: INestApplication;
  const lines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    const logger = createLogger({ service: 'test-app', level: 'debug', destination: { write: (line: string) => lines.push(JSON.parse(line)) } });
    const metrics = new PipelineMetrics({ service: 'test-app' });
    const moduleRef = await Test.createTestingModule({
      imports: [ObservabilityModule.forRoot({ service: 'test-app', logger, metrics, readinessTimeoutMs: 50 })],
      controllers: [RecordsController],
      providers: [FakeAdapter],
    }).compile();
    app = moduleRef.createNestApplication({ logger: new PinoNestLogger(logger) });
    await app.init();
  });

  afterAll(() => app.close());

  afterEach(() => {
    checks.kafka = async () => true;
    checks.clickhouse = async () => true;
    checks.consumerLive = () => true;
  });

  it('answers liveness', async () => {
    await request(app.getHttpServer()).get('/health/live').expect(200, { status: 'ok' });
  });

  it('fails liveness, naming the part, once a part cannot recover', async () => {
    checks.consumerLive = () => false;
    const res = await request(app.getHttpServer()).get('/health/live').expect(503);
    expect(res.body).toMatchObject({ status: 'not_live', failed: ['consumer:g'] });
    checks.consumerLive = () => {
      throw new Error('broken check');
    };
    await request(app.getHttpServer()).get('/health/live').expect(503);
  });

  it('is ready when every check passes', async () => {
    const res = await request(app.getHttpServer()).get('/health/ready').expect(200);
    expect(res.body).toEqual({ status: 'ok', checks: { kafka: { status: 'ok' }, clickhouse: { status: 'ok' } } });
  });

  it('is not ready, naming the check, when one fails or throws', async () => {
    checks.clickhouse = async () => false;
    let res = await request(app.getHttpServer()).get('/health/ready').expect(503);
    expect(res.body).toMatchObject({ status: 'not_ready', failed: ['clickhouse'], checks: { kafka: { status: 'ok' } } });

    checks.clickhouse = async () => {
      throw new Error('connection refused');
    };
    res = await request(app.getHttpServer()).get('/health/ready').expect(503);
    expect(res.body.checks.clickhouse).toEqual({ status: 'error', error: 'connection refused' });
    expect(lines).toContainEqual(expect.objectContaining({ level: 'warn', msg: 'not ready', failed: ['clickhouse'] }));
  });

  it('is not ready when a check hangs past its timeout', async () => {
    checks.kafka = () => new Promise<boolean>(() => undefined);
    const res = await request(app.getHttpServer()).get('/health/ready').expect(503);
    expect(res.body).toMatchObject({ failed: ['kafka'], checks: { kafka: { status: 'timeout' } } });
    expect(lines).toContainEqual(expect.objectContaining({ level: 'warn', msg: 'not ready', failed: ['kafka'] }));
  });

  it('serves Prometheus metrics from the app registry', async () => {
    await request(app.getHttpServer()).get('/records').expect(200);
    const res = await request(app.getHttpServer()).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain.*version=0\.0\.4/);
    for (const name of ['quell_records_in_total', 'quell_records_out_total', 'quell_records_failed_total', 'quell_handler_duration_seconds', 'quell_consumer_lag',
      'quell_consumer_crashes_total', 'quell_consumer_restarts_total', 'quell_consumer_stalls_total', 'quell_consumer_dependency_waits_total']) {
      expect(res.text).toContain(`# TYPE ${name}`);
    }
    expect(res.text).toContain('quell_records_in_total{topic="quell.events.v1",service="test-app"} 1');
  });

  it('routes Nest logs through pino and shares the logger with providers', () => {
    expect(lines).toContainEqual(expect.objectContaining({ service: 'test-app', context: 'RoutesResolver' }));
    expect(app.get(FakeAdapter).logger).toBe(app.get(LOGGER));
  });
});
