// A service started in the distributed mode with KAFKA_BROKERS pointing where no broker listens:
// one line naming the address and KAFKA_BROKERS on stderr, exit 1, no stack trace (the
// incident-manager's real bootstrap against a port just closed, no broker mocked).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '@quell/platform-testing';

const ROOT = join(__dirname, '..', '..', '..', '..');

describe('a service whose Kafka broker is unreachable', () => {
  // kafkajs spends its ~20 s retry budget first (kafka-client.ts) and words the socket error its way.
  it.each([
    ['platformatic', ''],
    ['kafkajs', 'Connection error: '],
  ])('says so in one line naming the address and KAFKA_BROKERS and exits 1 (KAFKA_CLIENT=%s)', async (client, wording) => {
    // Ports the system just gave out and took back: nothing listens on them.
    const [brokerPort, httpPort] = [await freePort(), await freePort()];
    const run = spawnSync(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'apps', 'incident-manager', 'src', 'main.ts')], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        ...process.env,
        SWC_NODE_PROJECT: join(ROOT, 'tsconfig.json'),
        BUS: 'kafka',
        KAFKA_CLIENT: client,
        KAFKA_BROKERS: `127.0.0.1:${brokerPort}`,
        HTTP_PORT: String(httpPort),
        HTTP_HOST: '127.0.0.1',
        TOPIC_PREFIX: `broker-unreachable-${process.pid}.`,
        LOG_LEVEL: 'info',
      },
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      new RegExp(`^incident-manager: cannot reach the Kafka broker at 127\\.0\\.0\\.1:${brokerPort} \\(KAFKA_BROKERS\\) after \\d+\\.\\d s: ${wording}connect ECONNREFUSED 127\\.0\\.0\\.1:${brokerPort}\\n$`),
    );
    expect(`${run.stderr}${run.stdout}`).not.toMatch(/\n\s+at |"level":"(error|fatal)"/);
  }, 90_000);
});
