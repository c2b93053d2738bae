// Issue 11's headline defect, end to end: six sshd "Failed password" lines sent as syslog must
// raise the sample rules' alerts (failed_logon through the linux-sshd mapping pipeline, and the
// brute-force correlation over them) and open an incident for the attacking address. Before the
// mapping pipelines they raised nothing (Sigma fields resolved against the syslog record's own fields).
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Alert, Incident } from '@quell/contracts';
import { loadConfig } from '@quell/platform-config';
import { InProcessEventBus, type InboundRecord } from '@quell/platform-kafka';
import { createSharedInfrastructure, startServiceApp, type ServiceApp } from '@quell/platform-service-kit';
import { SERVICES } from './services';

const REPO = join(__dirname, '..', '..', '..');
const API_KEY = 'sshd-syslog-key';
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** RFC 3164 as rsyslog writes /var/log/auth.log; OpenSSH's auth_log wording. Times are today's, so nothing is late. */
function sshdLines(now: Date): string[] {
  const stamp = (s: number) => {
    const t = new Date(now.getTime() - 60_000 + s * 1000);
    const month = t.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
    return `${month} ${String(t.getUTCDate()).padStart(2, ' ')} ${t.toISOString().slice(11, 19)}`;
  };
  const failed = [1, 2, 3, 4, 5, 6].map((s) => `${stamp(s)} web1 sshd[4242]: Failed password for root from 203.0.113.7 port ${50020 + s} ssh2`);
  return [...failed, `${stamp(7)} web1 sshd[4243]: Accepted publickey for alice from 198.51.100.2 port 40000 ssh2`];
}

describe('sshd syslog lines through the all-in-one pipeline', () => {
  it('raise the sample failed-logon alerts and the brute-force correlation, and open an incident for the source address', async () => {
    const bus = new InProcessEventBus({ logger: quiet, partitions: 1, verifyContracts: true });
    const env = {
      BUS: 'memory',
      TOPIC_PREFIX: 'sshd-syslog.',
      RULES_DIR: join(REPO, 'deploy/samples/rules'),
      INGEST_API_KEYS: `acme:${API_KEY}`,
      CLICKHOUSE_DATA_DIR: mkdtempSync(join(tmpdir(), 'quell-sshd-syslog-ch-')),
      LOG_LEVEL: 'error',
      HTTP_HOST: '127.0.0.1',
    };
    const configs = SERVICES.map((definition) => ({ definition, config: loadConfig(definition.configSchema, { ...env, SERVICE_NAME: definition.name }) }));
    const infra = await createSharedInfrastructure(configs[0].config, { bus, clickhouse: true, state: true }, quiet);
    const apps: ServiceApp[] = [];
    const incidents = new Map<string, Incident>();
    const alerts: Alert[] = [];
    const watcher = await bus.consume({
      groupId: 'sshd-syslog.watcher',
      subscriptions: [
        {
          topic: infra.topics.incidents,
          decode: (bytes: Buffer) => infra.codec.decode(bytes, 'Incident'),
          handle: async (records: InboundRecord<Incident>[]) => {
            for (const { value } of records) if ((incidents.get(value.id)?.version ?? -1) < value.version) incidents.set(value.id, value);
            return [];
          },
        },
        {
          topic: infra.topics.alerts,
          decode: (bytes: Buffer) => infra.codec.decode(bytes, 'Alert'),
          handle: async (records: InboundRecord<Alert>[]) => {
            alerts.push(...records.map((r) => r.value));
            return [];
          },
        },
      ],
      deadLetterTopic: infra.topics.deadLetters,
      policy: { maxAttempts: 1, backoffMs: 0, maxBackoffMs: 0 },
    });
    try {
      for (const { definition, config } of configs) apps.push(await startServiceApp(definition, config, infra, { httpPort: 0 }));
      const port = (apps[0].app.getHttpServer().address() as AddressInfo).port;
      const response = await fetch(`http://127.0.0.1:${port}/v1/events?format=syslog`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', authorization: `Bearer ${API_KEY}` },
        body: sshdLines(new Date()).join('\n'),
      });
      expect(response.status).toBe(202);
      const deadline = Date.now() + 30_000;
      const opened = () => [...incidents.values()].find((i) => i.entities.some((e) => e.value === '203.0.113.7'));
      while (Date.now() < deadline && !(opened() && alerts.some((a) => a.rule.id === '0b7e3f6a-91c4-4c2e-8d5b-6a2f1e9c4d37'))) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const failedLogons = alerts.filter((a) => a.rule.id === '6f4c8a52-2b1e-4d8f-9a61-3c0d7e5b9f10');
      expect(failedLogons.length).toBeGreaterThan(0);
      expect(failedLogons.flatMap((a) => a.entities).some((e) => e.value === '203.0.113.7')).toBe(true);
      expect(failedLogons.some((a) => a.entities.some((e) => e.value === 'alice'))).toBe(false); // the accepted logon raises nothing
      expect(alerts.some((a) => a.rule.id === '0b7e3f6a-91c4-4c2e-8d5b-6a2f1e9c4d37')).toBe(true);
      expect(opened()).toBeDefined();
      expect(bus.contractBreaches()).toEqual([]);
    } finally {
      for (const app of apps) await app.close();
      await watcher.stop();
      await infra.close();
    }
  }, 120_000);
});
