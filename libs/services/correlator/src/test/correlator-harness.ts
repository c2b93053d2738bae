import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AvroCodec, topicsFor, type Alert, type Event, type RuleMatch, type Topics } from '@quell/contracts';
import { loadConfig } from '@quell/platform-config';
import { InProcessEventBus, type ConsumerSpec } from '@quell/platform-kafka';
import { createLogger } from '@quell/platform-observability';
import { createSharedInfrastructure, startServiceApp, type ServiceApp, type SharedInfrastructure } from '@quell/platform-service-kit';
import { correlatorConfigSchema } from '../config';
import { correlatorService } from '../correlator.service';

/** The correlator over the in-process bus and in-memory state, with a rules directory of its own. */
export class InProcessCorrelator {
  readonly codec = new AvroCodec();
  readonly topics: Topics = topicsFor('');
  readonly rulesDir = mkdtempSync(join(tmpdir(), 'quell-correlator-rules-'));
  // Every value the stages hand over is checked against its contract, and frozen (see verifyContracts).
  readonly bus = new InProcessEventBus({ logger: createLogger({ service: 'bus', level: 'silent' }), maxBatchRecords: 500, verifyContracts: true });
  service?: ServiceApp;
  infra?: SharedInfrastructure;

  constructor(rules: Record<string, string>) {
    for (const [file, text] of Object.entries(rules)) writeFileSync(join(this.rulesDir, file), text);
  }

  /**
   * Starts (or restarts) the service; the bus and the state store outlive it, as Kafka and Redis would.
   * With CLICKHOUSE_DATA_DIR in `env`, the embedded ClickHouse engine too (created on the first start).
   */
  async start(beforeCommit?: ConsumerSpec['beforeCommit'], env: Record<string, string> = {}): Promise<ServiceApp> {
    const config = loadConfig(correlatorConfigSchema, { BUS: 'memory', LOG_LEVEL: 'silent', RULES_DIR: this.rulesDir, RULES_POLL_INTERVAL_MS: '0', ...env });
    this.infra ??= await createSharedInfrastructure(config, { bus: this.bus, state: true, clickhouse: env['CLICKHOUSE_DATA_DIR'] !== undefined }, createLogger({ service: 'test', level: 'silent' }));
    this.service = await startServiceApp(correlatorService, config, this.infra, { httpPort: 0, beforeCommit });
    return this.service;
  }

  async stop(): Promise<void> {
    await this.service?.close();
    this.service = undefined;
  }

  async send(events: Event[]): Promise<void> {
    await this.bus.publish(events.map((e) => ({ topic: this.topics.events, key: e.host?.name ?? null, value: this.codec.encode('Event', e) })));
  }

  alerts(): Alert[] {
    return this.bus.read(this.topics.alerts).map((r) => this.codec.decode(r.value as Buffer, 'Alert'));
  }

  matches(): RuleMatch[] {
    return this.bus.read(this.topics.matches).map((r) => this.codec.decode(r.value as Buffer, 'RuleMatch'));
  }

  /** Resolves once `probe` holds, polling the bus (handlers run asynchronously). */
  async until<T>(probe: () => T | undefined | false, what: string, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value !== undefined && value !== false) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Waits until both stages have nothing left to read. */
  async settle(): Promise<void> {
    let last = -1;
    for (let stable = 0; stable < 5; ) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const seen = this.bus.read(this.topics.alerts).length + this.bus.read(this.topics.matches).length;
      stable = seen === last ? stable + 1 : 0;
      last = seen;
    }
  }
}
