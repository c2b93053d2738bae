import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { AvroCodec, RawEvent, Topics } from '@quell/contracts';
import { stableId } from '@quell/normalize';
import { BusFullError, EVENT_BUS, isRetriable, type EventBus, type OutboundRecord } from '@quell/platform-kafka';
import { LOGGER, METRICS, type Logger, type PipelineMetrics } from '@quell/platform-observability';
import { CODEC, SERVICE_CONFIG, TOPICS } from '@quell/platform-service-kit';
import { randomUUID } from 'node:crypto';
import type { IngestConfig } from '../config';
import { rawKeyOfSyslogSender } from '../raw-record-key';
import { recordFormatFor } from '../wire-formats';
import { SyslogBatcher } from './syslog-batcher';
import { handleSyslogConnection, type SyslogConnection } from './syslog-tcp-connection';
import { SyslogTcpGate } from './syslog-tcp-gate';
import { UdpKernelDropWatch } from './udp-kernel-drops';
import { EpisodeLog } from '../episode-log';
import { trimEnd } from './trim-end';
import { SyslogMetrics, type SyslogTransport } from './syslog.metrics';

/** A message and its raw-topic key (its sender, so that one sender's lines keep their order). */
interface KeyedRawEvent {
  key: string;
  raw: RawEvent;
}

/**
 * Syslog over TCP (RFC 6587 framing) and UDP (one message per datagram, RFC 5426), each off unless
 * its port is configured. Messages become RawEvents published to the raw topic in batches.
 */
@Injectable()
export class SyslogReceiver implements OnApplicationBootstrap, OnModuleDestroy {
  private tcp?: Server;
  private readonly connections = new Map<Socket, SyslogConnection>();
  /** TCP reading stops while the backlog is over its bound or a publish waits for room (DESIGN: queues are bounded everywhere). */
  private readonly gate: SyslogTcpGate;
  /** UDP datagrams dropped while the backlog is full: summed up at the resume, and logged every 10 s meanwhile. */
  private droppedWhilePaused = 0;
  private readonly udpDropLog: EpisodeLog;
  private readonly socketErrors: EpisodeLog;
  private udp?: UdpSocket;
  private udpKernelDrops?: UdpKernelDropWatch;
  private readonly batcher: SyslogBatcher<KeyedRawEvent>;
  private readonly metrics: SyslogMetrics;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: IngestConfig,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(CODEC) private readonly codec: AvroCodec,
    @Inject(TOPICS) private readonly topics: Topics,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS) metrics: PipelineMetrics,
  ) {
    this.metrics = new SyslogMetrics(metrics.registry);
    this.gate = new SyslogTcpGate(() => this.connections.values(), this.metrics, logger);
    this.socketErrors = new EpisodeLog(logger, 'syslog listener error (the listener stays up)');
    this.udpDropLog = new EpisodeLog(logger, 'syslog UDP datagrams dropped: the raw topic is behind and UDP cannot push back');
    this.batcher = new SyslogBatcher(
      (batch) => this.publish(batch.map(({ key, raw }) => ({ topic: this.topics.raw, key, value: this.codec.encodable('RawEvent', raw) }))),
      (err, count) => {
        this.metrics.messagesLost.inc(count);
        this.logger.error({ err, count }, 'syslog messages could not be published and are lost');
      },
      undefined,
      undefined,
      // A broker outage is waited out (TCP reading pauses at the backlog bound); only a batch the
      // broker can never take (e.g. over the request bound) is given up on.
      { attempts: Number.POSITIVE_INFINITY, firstDelayMs: 200, maxDelayMs: 5_000, retryWhile: isRetriable },
    );
    this.batcher.onSettled = () => this.resumeWhenDrained();
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.INGEST_SYSLOG_TCP_PORT !== undefined) this.tcp = await this.listenTcp(this.config.INGEST_SYSLOG_TCP_PORT);
    if (this.config.INGEST_SYSLOG_UDP_PORT !== undefined) {
      this.udp = await this.listenUdp(this.config.INGEST_SYSLOG_UDP_PORT);
      this.udpKernelDrops = new UdpKernelDropWatch(this.udp.address().port, (count) => {
        this.metrics.framesDropped.inc({ transport: 'udp', reason: 'receive_buffer_full' }, count);
        this.logger.warn({ count, reason: 'receive_buffer_full', receiveBufferBytes: this.udp?.getRecvBufferSize() }, 'syslog UDP datagrams dropped by the kernel: Quell did not read them in time');
      });
      this.udpKernelDrops.start();
    }
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
    const closed = new Promise<void>((resolve) => (this.tcp ? this.tcp.close(() => resolve()) : resolve()));
    // Open connections would hold the close until they idle out; what they hold is delivered as they close.
    for (const socket of this.connections.keys()) socket.destroy();
    await closed;
    await new Promise((resolve) => setImmediate(resolve));
    this.udpKernelDrops?.stop();
    await new Promise<void>((resolve) => (this.udp ? this.udp.close(() => resolve()) : resolve()));
    await this.batcher.flush();
  }

  /**
   * Publishes a batch; when the all-in-one's queue has no room, TCP reading pauses for as long as
   * the publish waits for it (senders queue on their side) and resumes once the batch is taken.
   * The first attempt does not wait (`waitMs: 0`): a full queue takes none of the batch, so the
   * second attempt publishes it whole, once.
   */
  private async publish(records: OutboundRecord[]): Promise<void> {
    try {
      return await this.bus.publish(records, { waitMs: 0 });
    } catch (error) {
      if (!(error instanceof BusFullError)) throw error;
      this.gate.hold('pipeline_full', { topic: error.topic, backlog: error.backlog, maxRecords: error.maxRecords });
    }
    try {
      await this.bus.publish(records);
    } finally {
      this.gate.release('pipeline_full');
    }
  }

  private accept(message: string, host: string | undefined, remote: string, transport: SyslogTransport): void {
    this.metrics.messages.inc({ transport });
    const receivedAt = Date.now();
    const raw: RawEvent = {
      id: stableId(receivedAt, randomUUID()),
      tenant: this.config.INGEST_SYSLOG_TENANT,
      receivedAt,
      source: { type: 'syslog', name: `syslog-${transport}`, host: host ?? null },
      format: recordFormatFor('syslog', message),
      contentType: 'text/plain',
      payload: Buffer.from(message),
      attributes: {},
    };
    this.batcher.add({ key: rawKeyOfSyslogSender(transport, remote), raw }, Buffer.byteLength(message));
    // Over the bound: TCP senders wait (their window fills), UDP datagrams are dropped and counted.
    if (!this.gate.isHeld('backlog_full') && this.batcher.backlogBytes >= this.config.INGEST_SYSLOG_MAX_BACKLOG_BYTES) {
      this.gate.hold('backlog_full', { backlogBytes: this.batcher.backlogBytes, limit: this.config.INGEST_SYSLOG_MAX_BACKLOG_BYTES });
    }
  }

  /** Resumes at half the bound, so reading does not flap around it. */
  private resumeWhenDrained(): void {
    if (!this.gate.isHeld('backlog_full') || this.batcher.backlogBytes > this.config.INGEST_SYSLOG_MAX_BACKLOG_BYTES / 2) return;
    const resumed = this.gate.release('backlog_full');
    this.logger.info({ backlogBytes: this.batcher.backlogBytes, udpDropped: this.droppedWhilePaused, tcpResumed: resumed }, 'syslog backlog drained: UDP accepted again');
    this.logUdpDrops();
  }

  private logUdpDrops(): void {
    if (this.droppedWhilePaused > 0) this.logger.warn({ count: this.droppedWhilePaused, reason: 'backlog_full' }, 'syslog UDP datagrams dropped while paused');
    this.droppedWhilePaused = 0;
  }

  private listenTcp(port: number): Promise<Server> {
    const options = {
      maxMessageBytes: this.config.INGEST_SYSLOG_MAX_MESSAGE_BYTES,
      idleTimeoutMs: this.config.INGEST_SYSLOG_TCP_IDLE_TIMEOUT_MS,
      accept: (message: string, host: string | undefined, remote: string) => this.accept(message, host, remote, 'tcp'),
      logger: this.logger,
      metrics: this.metrics,
    };
    const server = createServer((socket) => {
      const connection = handleSyslogConnection(socket, options);
      this.connections.set(socket, connection);
      socket.once('close', () => this.connections.delete(socket));
      if (this.gate.paused) connection.pause();
    });
    // Node closes connections over the cap as they arrive and reports each as 'drop'.
    server.maxConnections = this.config.INGEST_SYSLOG_TCP_MAX_CONNECTIONS;
    server.on('drop', (peer) => {
      this.metrics.connectionsRefused.inc();
      this.logger.warn(
        { remote: `${peer?.remoteAddress}:${peer?.remotePort}`, maxConnections: server.maxConnections },
        'syslog TCP connection refused: too many open connections',
      );
    });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '0.0.0.0', () => {
        server.off('error', reject);
        // Once listening, an error (e.g. EMFILE while accepting under a flood) is logged, never thrown:
        // an 'error' without a listener would take the whole process down.
        server.on('error', (err) => this.socketErrors.note({ transport: 'tcp', err }));
        resolve(server);
      });
    });
  }

  private listenUdp(port: number): Promise<UdpSocket> {
    // A larger receive buffer rides out bursts while the event loop is busy (the kernel caps it at net.core.rmem_max).
    const socket = createSocket({ type: 'udp4', recvBufferSize: this.config.INGEST_SYSLOG_UDP_RECEIVE_BUFFER_BYTES });
    socket.on('message', (datagram, remote) => {
      if (datagram.length > this.config.INGEST_SYSLOG_MAX_MESSAGE_BYTES) {
        this.metrics.framesDropped.inc({ transport: 'udp', reason: 'datagram_too_long' });
        const detail = `datagram of ${datagram.length} bytes exceeds the ${this.config.INGEST_SYSLOG_MAX_MESSAGE_BYTES}-byte limit`;
        this.logger.warn({ remote: `${remote.address}:${remote.port}`, reason: 'datagram_too_long', detail }, 'syslog UDP datagram dropped');
        return;
      }
      if (this.gate.isHeld('backlog_full')) {
        this.metrics.framesDropped.inc({ transport: 'udp', reason: 'backlog_full' });
        this.droppedWhilePaused++;
        this.udpDropLog.note({ remote: `${remote.address}:${remote.port}`, reason: 'backlog_full' });
        return;
      }
      const message = trimEnd(datagram.toString('utf8'), '\r\n\0');
      if (message) this.accept(message, remote.address, `${remote.address}:${remote.port}`, 'udp');
    });
    return new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(port, '0.0.0.0', () => {
        socket.off('error', reject);
        socket.on('error', (err) => this.socketErrors.note({ transport: 'udp', err }));
        resolve(socket);
      });
    });
  }
}
