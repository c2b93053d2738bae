import { createServer, type Server, type Socket } from 'node:net';
import { createKafka, InProcessEventBus, KafkaEventBus, type ConsumerSpec, type EventBus, type OutboundRecord } from '@quell/platform-kafka';

/** A local port nothing listens on: bound, then released. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A "broker" that accepts connections and never answers, like a paused (SIGSTOP) one. */
async function silentBroker(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let closing = false;
  const server: Server = createServer((socket) => {
    // A client still reconnecting while the server closes would hold server.close() open forever.
    if (closing) return void socket.destroy();
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    close: async () => {
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

/**
 * A broker outage as ingest's HTTP path sees it: publishing goes to a Kafka bus whose only broker is
 * down (`refused`: nothing listens) or hung (`silent`: connections accepted, never answered), while
 * the service's own consumers run on an in-process bus so that it can start.
 */
export class UnreachableBrokerBus implements EventBus {
  private readonly consumers = new InProcessEventBus({ logger: quietLogger() });

  private constructor(
    private readonly producer: KafkaEventBus,
    private readonly closeBroker: () => Promise<void>,
  ) {}

  /** `publishTimeoutMs` as KAFKA_PUBLISH_TIMEOUT_MS gives it to the service's bus. */
  static async create(publishTimeoutMs: number, broker: 'refused' | 'silent' = 'refused'): Promise<UnreachableBrokerBus> {
    const silent = broker === 'silent' ? await silentBroker() : undefined;
    const port = silent?.port ?? (await closedPort());
    const kafka = createKafka({ brokers: [`127.0.0.1:${port}`], clientId: 'ingest-outage-test' });
    return new UnreachableBrokerBus(new KafkaEventBus(kafka, { logger: quietLogger(), publishTimeoutMs }), silent?.close ?? (async () => undefined));
  }

  publish(records: OutboundRecord[]): Promise<void> {
    return this.producer.publish(records);
  }

  consume(spec: ConsumerSpec) {
    return this.consumers.consume(spec);
  }

  isReady(): Promise<boolean> {
    return this.producer.isReady();
  }

  async close(): Promise<void> {
    await this.consumers.close();
    // The producer first, so it stops reconnecting before the fake broker goes.
    await this.producer.close().catch(() => undefined);
    await this.closeBroker();
  }
}

function quietLogger() {
  const ignore = () => undefined;
  return { info: ignore, warn: ignore, error: ignore, debug: ignore };
}
