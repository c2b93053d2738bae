import { createServer } from 'node:net';
import { createKafka, InProcessEventBus, KafkaEventBus, type ConsumerSpec, type EventBus, type OutboundRecord } from '@quell/platform-kafka';

/** A local port nothing listens on: bound, then released. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A broker outage as ingest's HTTP path sees it: publishing goes to a Kafka bus whose only broker is
 * unreachable, while the service's own consumers run on an in-process bus so that it can start.
 */
export class UnreachableBrokerBus implements EventBus {
  private readonly consumers = new InProcessEventBus({ logger: quietLogger() });

  private constructor(private readonly producer: KafkaEventBus) {}

  static async create(): Promise<UnreachableBrokerBus> {
    const kafka = createKafka({ brokers: [`127.0.0.1:${await closedPort()}`], clientId: 'ingest-outage-test' });
    return new UnreachableBrokerBus(new KafkaEventBus(kafka, { logger: quietLogger() }));
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
    await this.producer.close().catch(() => undefined);
  }
}

function quietLogger() {
  const ignore = () => undefined;
  return { info: ignore, warn: ignore, error: ignore, debug: ignore };
}
