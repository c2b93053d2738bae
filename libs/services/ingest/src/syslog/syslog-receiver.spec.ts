import { createSocket } from 'node:dgram';
import { connect, type Socket } from 'node:net';
import { AvroCodec, topicsFor, type RawEvent } from '@quell/contracts';
import { loadConfig } from '@quell/platform-config';
import type { EventBus, OutboundRecord } from '@quell/platform-kafka';
import { createLogger, PipelineMetrics } from '@quell/platform-observability';
import { waitFor } from '@quell/platform-testing';
import { ingestConfigSchema } from '../config';
import { SyslogReceiver } from './syslog-receiver';

/** An event-bus port whose publishes wait until the test lets them through (a broker that is behind). */
class HeldBus {
  readonly published: OutboundRecord[] = [];
  private held: Array<() => void> = [];
  holding = true;

  publish(records: OutboundRecord[]): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.published.push(...records);
        resolve();
      };
      if (this.holding) this.held.push(done);
      else done();
    });
  }

  release(): void {
    this.holding = false;
    this.held.splice(0).forEach((done) => done());
  }
}

describe('SyslogReceiver backlog bound', () => {
  const codec = new AvroCodec();
  const bus = new HeldBus();
  const metrics = new PipelineMetrics({ service: 'ingest', collectDefaults: false });
  const config = loadConfig(ingestConfigSchema, {
    BUS: 'memory',
    INGEST_API_KEYS: 'acme:k',
    INGEST_SYSLOG_TCP_PORT: '0',
    INGEST_SYSLOG_UDP_PORT: '0',
    INGEST_SYSLOG_MAX_BACKLOG_BYTES: '2000',
  });
  const receiver = new SyslogReceiver(config, bus as unknown as EventBus, codec, topicsFor('t.'), createLogger({ service: 'ingest', level: 'silent' }), metrics);
  let client: Socket;

  const value = async (name: string, labels: Record<string, string> = {}) =>
    ((await metrics.registry.getSingleMetric(name)?.get())?.values ?? [])
      .filter((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))
      .reduce((sum, v) => sum + v.value, 0);

  beforeAll(() => receiver.onApplicationBootstrap());
  afterAll(async () => {
    client?.destroy();
    bus.release();
    await receiver.onModuleDestroy();
  });

  it('stops reading TCP while the backlog is over its bound, drops UDP meanwhile, and loses no TCP message', async () => {
    const line = (i: number) => `<13>Dec  2 10:00:00 h app: backlog ${String(i).padStart(4, '0')} ${'x'.repeat(60)}\n`;
    client = connect(receiver.ports().tcp!, '127.0.0.1');
    await new Promise((resolve) => client.once('connect', resolve));
    // Enough to pass the 2,000-byte bound while the bus holds every publish.
    client.write(Array.from({ length: 30 }, (_, i) => line(i)).join(''));
    await waitFor(async () => ((await value('quell_syslog_tcp_reading_paused')) === 1 ? true : undefined), { description: 'reading paused', timeoutMs: 5000 });
    const atPause = await value('quell_syslog_messages_total');
    // What is written now waits in the socket: nothing more is read until the backlog drains.
    client.write(Array.from({ length: 70 }, (_, i) => line(30 + i)).join(''));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await value('quell_syslog_messages_total')).toBe(atPause);

    const udp = createSocket('udp4');
    await new Promise<void>((resolve) => udp.send('<13>Dec  2 10:00:00 h app: udp while paused', receiver.ports().udp!, '127.0.0.1', () => resolve()));
    udp.close();
    await waitFor(async () => ((await value('quell_syslog_frames_dropped_total', { transport: 'udp', reason: 'backlog_full' })) === 1 ? true : undefined), {
      description: 'UDP datagram dropped while paused',
      timeoutMs: 5000,
    });

    bus.release();
    const texts = await waitFor(
      () => {
        const found = bus.published.map((r) => (codec.decode(r.value as Buffer, 'RawEvent') as RawEvent).payload.toString());
        return found.length >= 100 ? found : undefined;
      },
      { description: 'every TCP line published', timeoutMs: 10_000 },
    );
    expect(texts).toEqual(Array.from({ length: 100 }, (_, i) => line(i).trimEnd()));
    expect(await value('quell_syslog_tcp_reading_paused')).toBe(0);
    expect(await value('quell_syslog_messages_lost_total')).toBe(0);
  });
});
