import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { AvroCodec, RawEvent, Topics } from '@quell/contracts';
import { stableId } from '@quell/normalize';
import { EVENT_BUS, type EventBus } from '@quell/platform-kafka';
import { LOGGER, type Logger } from '@quell/platform-observability';
import { CODEC, SERVICE_CONFIG, TOPICS } from '@quell/platform-service-kit';
import { randomUUID } from 'node:crypto';
import type { IngestConfig } from '../config';
import { recordFormatFor } from '../wire-formats';
import { SyslogBatcher } from './syslog-batcher';
import { FramingError, SyslogFramer } from './syslog-framer';

/**
 * Syslog over TCP (RFC 6587 framing) and UDP (one message per datagram, RFC 5426), each off unless
 * its port is configured. Messages become RawEvents published to the raw topic in batches.
 */
@Injectable()
export class SyslogReceiver implements OnApplicationBootstrap, OnModuleDestroy {
  private tcp?: Server;
  private udp?: UdpSocket;
  private readonly batcher: SyslogBatcher<RawEvent>;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: IngestConfig,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(CODEC) private readonly codec: AvroCodec,
    @Inject(TOPICS) private readonly topics: Topics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.batcher = new SyslogBatcher(
      (batch) => this.bus.publish(batch.map((raw) => ({ topic: this.topics.raw, key: raw.tenant, value: this.codec.encode('RawEvent', raw) }))),
      (err, count) => this.logger.error({ err, count }, 'syslog messages could not be published and are lost'),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.INGEST_SYSLOG_TCP_PORT !== undefined) this.tcp = await this.listenTcp(this.config.INGEST_SYSLOG_TCP_PORT);
    if (this.config.INGEST_SYSLOG_UDP_PORT !== undefined) this.udp = await this.listenUdp(this.config.INGEST_SYSLOG_UDP_PORT);
  }

  /** The bound ports (useful when configured as 0: any free port). */
  ports(): { tcp?: number; udp?: number } {
    return { tcp: (this.tcp?.address() as AddressInfo | null)?.port, udp: this.udp?.address().port };
  }

  /** Publishes whatever is waiting; resolves once Kafka acknowledged it. */
  flush(): Promise<void> {
    return this.batcher.flush();
  }

  async onModuleDestroy(): Promise<void> {
    await new Promise<void>((resolve) => (this.tcp ? this.tcp.close(() => resolve()) : resolve()));
    await new Promise<void>((resolve) => (this.udp ? this.udp.close(() => resolve()) : resolve()));
    await this.batcher.flush();
  }

  private accept(message: string, host: string | undefined, transport: 'tcp' | 'udp'): void {
    const receivedAt = Date.now();
    this.batcher.add({
      id: stableId(receivedAt, randomUUID()),
      tenant: this.config.INGEST_SYSLOG_TENANT,
      receivedAt,
      source: { type: 'syslog', name: `syslog-${transport}`, host: host ?? null },
      format: recordFormatFor('syslog', message),
      contentType: 'text/plain',
      payload: Buffer.from(message),
      attributes: {},
    });
  }

  private listenTcp(port: number): Promise<Server> {
    const server = createServer((socket) => {
      const framer = new SyslogFramer(this.config.INGEST_SYSLOG_MAX_MESSAGE_BYTES);
      const host = socket.remoteAddress;
      socket.on('data', (chunk) => {
        try {
          for (const message of framer.push(chunk)) this.accept(message, host, 'tcp');
        } catch (error) {
          if (!(error instanceof FramingError)) throw error;
          this.logger.warn({ host, reason: error.message }, 'syslog TCP peer disconnected: bad framing');
          socket.destroy();
        }
      });
      socket.on('end', () => framer.end().forEach((message) => this.accept(message, host, 'tcp')));
      socket.on('error', (err) => this.logger.warn({ host, err }, 'syslog TCP connection error'));
    });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '0.0.0.0', () => resolve(server));
    });
  }

  private listenUdp(port: number): Promise<UdpSocket> {
    const socket = createSocket('udp4');
    socket.on('message', (datagram, remote) => {
      const message = datagram.toString('utf8').replace(/[\r\n\0]+$/, '');
      if (message && datagram.length <= this.config.INGEST_SYSLOG_MAX_MESSAGE_BYTES) this.accept(message, remote.address, 'udp');
    });
    return new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(port, '0.0.0.0', () => resolve(socket));
    });
  }
}
