import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { Kafka, logLevel } from 'kafkajs';
import { waitFor } from '@quell/platform-testing';
import { SyslogReceiver } from './syslog/syslog-receiver';
import { IngestHarness } from './test/ingest-harness';

/** Sends lines over one TCP connection and closes it; resolves with the local port (the sender's identity). */
function sendTcpLines(port: number, lines: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      const local = socket.localPort!;
      socket.end(lines.map((line) => `${line}\n`).join(''), () => resolve(local));
    });
    socket.on('error', reject);
  });
}

function sendUdp(port: number, datagrams: string[]): Promise<number> {
  const socket = createSocket('udp4');
  return new Promise((resolve, reject) => {
    socket.bind(0, '127.0.0.1', () => {
      const local = socket.address().port;
      void Promise.all(datagrams.map((d) => new Promise<void>((sent, failed) => socket.send(d, port, '127.0.0.1', (e) => (e ? failed(e) : sent())))))
        .then(() => socket.close(() => resolve(local)))
        .catch(reject);
    });
  });
}

describe('raw topic keys: one tenant spreads over the partitions (real broker, 3 partitions)', () => {
  const harness = new IngestHarness();
  let ports: { tcp?: number; udp?: number };

  beforeAll(async () => {
    // The raw topic gets the configured partition count (6 by default); the odds below are for three.
    await harness.start({ INGEST_SYSLOG_TCP_PORT: '0', INGEST_SYSLOG_UDP_PORT: '0', INGEST_SYSLOG_TENANT: 'acme', KAFKA_TOPIC_DEFAULT_PARTITIONS: '3' });
    ports = harness.service.app.get(SyslogReceiver).ports();
  }, 60_000);
  afterAll(() => harness.stop(), 30_000);

  it('keys HTTP entries by their event id, so one request of one tenant lands on every partition', async () => {
    const body = Array.from({ length: 60 }, (_, i) => JSON.stringify({ message: `spread-http ${i}` })).join('\n');
    const response = await fetch(`${harness.url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson', authorization: 'Bearer acme-key' },
      body,
    });
    expect(response.status).toBe(202);
    await harness.waitForRaw(60, (raw) => raw.payload.toString().includes('spread-http'));
    const records = harness.rawRecords().filter((r) => r.raw.payload.toString().includes('spread-http'));
    expect(records.every((r) => r.raw.tenant === 'acme' && r.key === r.raw.id)).toBe(true);
    // 60 ids over 3 partitions: all three are used (a miss has odds of about 1e-10).
    expect(new Set(records.map((r) => r.partition)).size).toBe(3);
  });

  it('keys syslog by sender connection: each connection on one partition in order, the connections spread', async () => {
    const connections = 12;
    const senders = await Promise.all(
      Array.from({ length: connections }, (_, c) => sendTcpLines(ports.tcp!, Array.from({ length: 5 }, (_, i) => `<34>Oct 11 22:14:15 h su: spread-tcp c${c} n${i}`))),
    );
    await harness.waitForRaw(connections * 5, (raw) => raw.payload.toString().includes('spread-tcp'));
    const records = harness.rawRecords().filter((r) => r.raw.payload.toString().includes('spread-tcp'));
    for (let c = 0; c < connections; c += 1) {
      const mine = records.filter((r) => r.raw.payload.toString().includes(`spread-tcp c${c} `));
      expect(new Set(mine.map((r) => r.key))).toEqual(new Set([`tcp:127.0.0.1:${senders[c]}`]));
      expect(new Set(mine.map((r) => r.partition)).size).toBe(1);
      // The collector appends in offset order per partition: the sender's order is kept.
      expect(mine.map((r) => /n(\d)$/.exec(r.raw.payload.toString())![1])).toEqual(['0', '1', '2', '3', '4']);
    }
    // 12 senders over 3 partitions: at least two are used (all on one has odds of about 6e-6).
    expect(new Set(records.map((r) => r.partition)).size).toBeGreaterThanOrEqual(2);
  });

  it('keys syslog UDP by the datagrams’ source address and port', async () => {
    const sender = await sendUdp(ports.udp!, ['<34>Oct 11 22:14:15 h su: spread-udp one']);
    await harness.waitForRaw(1, (raw) => raw.payload.toString().includes('spread-udp'));
    const record = harness.rawRecords().find((r) => r.raw.payload.toString().includes('spread-udp'))!;
    expect(record.key).toBe(`udp:127.0.0.1:${sender}`);
  });

  it('keeps a shipper record’s own key and keys a keyless one by its event id', async () => {
    const producer = new Kafka({ clientId: 'shipper-test', brokers: harness.brokers, logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
    try {
      await producer.send({
        topic: harness.topics.ingest,
        acks: -1,
        messages: [
          { key: 'web-1', value: '{"message":"spread-ship keyed"}', headers: { 'quell.tenant': 'acme' } },
          { value: '{"message":"spread-ship keyless"}', headers: { 'quell.tenant': 'acme' } },
        ],
      });
    } finally {
      await producer.disconnect();
    }
    const records = await waitFor(
      () => {
        const found = harness.rawRecords().filter((r) => r.raw.payload.toString().includes('spread-ship'));
        return found.length >= 2 ? found : undefined;
      },
      { timeoutMs: 30_000, description: 'the two shipper records on the raw topic' },
    );
    const keyed = records.find((r) => r.raw.payload.toString().includes('keyed'))!;
    const keyless = records.find((r) => r.raw.payload.toString().includes('keyless'))!;
    expect(keyed.key).toBe('web-1');
    expect(keyless.key).toBe(keyless.raw.id);
  });
});
