import { spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { connect, type Socket } from 'node:net';
import { AvroCodec, topicsFor, type RawEvent } from '@quell/contracts';
import { loadConfig } from '@quell/platform-config';
import { BusFullError, valueBytes, type EventBus, type OutboundRecord, type PublishOptions } from '@quell/platform-kafka';
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
        const found = bus.published.map((r) => (codec.decode(valueBytes(r.value), 'RawEvent') as RawEvent).payload.toString());
        return found.length >= 100 ? found : undefined;
      },
      { description: 'every TCP line published', timeoutMs: 10_000 },
    );
    expect(texts).toEqual(Array.from({ length: 100 }, (_, i) => line(i).trimEnd()));
    expect(await value('quell_syslog_tcp_reading_paused')).toBe(0);
    expect(await value('quell_syslog_messages_lost_total')).toBe(0);
  });
});

/**
 * The all-in-one's bounded queue as a publisher sees it: while full, a publish with a deadline is
 * refused whole (BusFullError) and one without waits until the test makes room.
 */
class FullBus {
  readonly published: OutboundRecord[] = [];
  readonly options: Array<PublishOptions | undefined> = [];
  private waiting: Array<() => void> = [];
  full = true;

  publish(records: OutboundRecord[], options?: PublishOptions): Promise<void> {
    this.options.push(options);
    if (this.full && options?.waitMs !== undefined) return Promise.reject(new BusFullError('t.quell.raw.v1', 10, 10, options.waitMs));
    return new Promise((resolve) => {
      const take = () => {
        this.published.push(...records);
        resolve();
      };
      if (this.full) this.waiting.push(take);
      else take();
    });
  }

  makeRoom(): void {
    this.full = false;
    this.waiting.splice(0).forEach((take) => take());
  }
}

describe('SyslogReceiver on a full pipeline (all-in-one bounded queue)', () => {
  const codec = new AvroCodec();
  const bus = new FullBus();
  const metrics = new PipelineMetrics({ service: 'ingest', collectDefaults: false });
  const config = loadConfig(ingestConfigSchema, { BUS: 'memory', INGEST_API_KEYS: 'acme:k', INGEST_SYSLOG_TCP_PORT: '0', INGEST_SYSLOG_UDP_PORT: '0' });
  const receiver = new SyslogReceiver(config, bus as unknown as EventBus, codec, topicsFor('t.'), createLogger({ service: 'ingest', level: 'silent' }), metrics);
  let client: Socket;

  const value = async (name: string, labels: Record<string, string> = {}) =>
    ((await metrics.registry.getSingleMetric(name)?.get())?.values ?? [])
      .filter((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))
      .reduce((sum, v) => sum + v.value, 0);

  beforeAll(() => receiver.onApplicationBootstrap());
  afterAll(async () => {
    client?.destroy();
    bus.makeRoom();
    await receiver.onModuleDestroy();
  });

  it('stops reading TCP while a publish waits for room (far below the backlog bound), keeps UDP, resumes after, publishes each line once', async () => {
    const line = (i: number) => `<13>Dec  2 10:00:00 h app: full ${String(i).padStart(3, '0')}\n`;
    client = connect(receiver.ports().tcp!, '127.0.0.1');
    await new Promise((resolve) => client.once('connect', resolve));
    client.write(line(0));
    await waitFor(async () => ((await value('quell_syslog_tcp_reading_paused')) === 1 ? true : undefined), { description: 'reading paused', timeoutMs: 5000 });
    expect(await value('quell_syslog_tcp_pauses_total', { reason: 'pipeline_full' })).toBe(1);
    // Nothing more is read while the publish waits: the lines stay in the socket.
    client.write(Array.from({ length: 50 }, (_, i) => line(1 + i)).join(''));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await value('quell_syslog_messages_total', { transport: 'tcp' })).toBe(1);
    // UDP cannot push back; under the backlog bound it is still taken (held until there is room).
    const udp = createSocket('udp4');
    await new Promise<void>((resolve) => udp.send('<13>Dec  2 10:00:00 h app: udp while full', receiver.ports().udp!, '127.0.0.1', () => resolve()));
    udp.close();
    await waitFor(async () => ((await value('quell_syslog_messages_total', { transport: 'udp' })) === 1 ? true : undefined), { description: 'UDP taken', timeoutMs: 5000 });
    expect(await value('quell_syslog_frames_dropped_total', { transport: 'udp' })).toBe(0);

    bus.makeRoom();
    const texts = await waitFor(
      () => {
        const found = bus.published.map((r) => (codec.decode(valueBytes(r.value), 'RawEvent') as RawEvent).payload.toString()).filter((t) => t.includes(' full '));
        return found.length >= 51 ? found : undefined;
      },
      { description: 'every TCP line published', timeoutMs: 10_000 },
    );
    await receiver.flush();
    expect(bus.published.filter((r) => (codec.decode(valueBytes(r.value), 'RawEvent') as RawEvent).payload.toString().includes(' full '))).toHaveLength(51);
    expect(texts).toEqual(Array.from({ length: 51 }, (_, i) => line(i).trimEnd()));
    expect(await value('quell_syslog_tcp_reading_paused')).toBe(0);
    // The first attempt of a batch never waits (it only finds out whether there is room).
    expect(bus.options[0]).toEqual({ waitMs: 0 });
  });

  it('survives an error on a listening socket (an emitted error without a listener would end the process)', () => {
    const listeners = receiver as unknown as { tcp: { emit(e: string, err: Error): boolean }; udp: { emit(e: string, err: Error): boolean } };
    expect(() => listeners.tcp.emit('error', Object.assign(new Error('accept EMFILE'), { code: 'EMFILE' }))).not.toThrow();
    expect(() => listeners.udp.emit('error', new Error('recvmsg ENOMEM'))).not.toThrow();
    expect(receiver.ports().tcp).toBeGreaterThan(0);
  });
});

describe('SyslogReceiver UDP datagrams the kernel drops', () => {
  const metrics = new PipelineMetrics({ service: 'ingest', collectDefaults: false });
  const config = loadConfig(ingestConfigSchema, { BUS: 'memory', INGEST_API_KEYS: 'acme:k', INGEST_SYSLOG_UDP_PORT: '0', INGEST_SYSLOG_UDP_RECEIVE_BUFFER_BYTES: '65536' });
  const bus = { publish: async () => undefined } as unknown as EventBus;
  const receiver = new SyslogReceiver(config, bus, new AvroCodec(), topicsFor('t.'), createLogger({ service: 'ingest', level: 'silent' }), metrics);
  const value = async (name: string, labels: Record<string, string>) =>
    ((await metrics.registry.getSingleMetric(name)?.get())?.values ?? []).filter((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l)).reduce((sum, v) => sum + v.value, 0);

  beforeAll(() => receiver.onApplicationBootstrap());
  afterAll(() => receiver.onModuleDestroy());

  it('counts what the kernel dropped while the process could not read, so that received + dropped = sent', async () => {
    const sent = 2_000;
    // spawnSync blocks this process's event loop while the child sends: nothing is read meanwhile,
    // as when the all-in-one's loop is saturated, and the small receive buffer overflows.
    const child = spawnSync(
      process.execPath,
      [
        '-e',
        `const s = require('node:dgram').createSocket('udp4'); let n = 0;
         const next = () => n < ${sent} ? s.send('<13>Dec  2 10:00:00 h app: kernel ' + n++ + ' ' + 'x'.repeat(900), ${receiver.ports().udp}, '127.0.0.1', next) : s.close();
         next();`,
      ],
      { timeout: 30_000 },
    );
    expect(child.status).toBe(0);
    let received = -1;
    await waitFor(
      async () => {
        const now = await value('quell_syslog_messages_total', { transport: 'udp' });
        const settled = now === received;
        received = now;
        return settled ? true : undefined;
      },
      { description: 'the buffered datagrams read', timeoutMs: 10_000, intervalMs: 200 },
    );
    (receiver as unknown as { udpKernelDrops: { check(): void } }).udpKernelDrops.check();
    const dropped = await value('quell_syslog_frames_dropped_total', { transport: 'udp', reason: 'receive_buffer_full' });
    expect(dropped).toBeGreaterThan(0);
    expect(received + dropped).toBe(sent);
  });
});
