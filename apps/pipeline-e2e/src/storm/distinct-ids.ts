import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { AvroCodec, type SchemaName } from '@quell/contracts';

/**
 * The distinct record ids on a topic of Avro records with an `id`, read from the beginning with a
 * throwaway group: a stage restarted by at-least-once delivery writes a batch twice, with the same ids.
 */
export class DistinctIds {
  readonly ids = new Set<string>();
  records = 0;
  private consumer?: Consumer;
  private readonly codec = new AvroCodec();

  constructor(
    private readonly brokers: string[],
    readonly topic: string,
    private readonly schema: SchemaName,
  ) {}

  async start(): Promise<this> {
    const kafka = new Kafka({ brokers: this.brokers, clientId: 'storm-ids', logLevel: logLevel.NOTHING });
    this.consumer = kafka.consumer({ groupId: `storm-ids-${randomUUID()}` });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await this.consumer.run({
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) {
          this.records++;
          if (message.value) this.ids.add((this.codec.decode(message.value, this.schema) as { id: string }).id);
        }
      },
    });
    return this;
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
