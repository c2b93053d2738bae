import { Kafka, logLevel, type Producer } from 'kafkajs';

/** One scenario's events: `count` failed logons spread over `hosts` hosts, each carrying its sequence id. */
export class FaultStream {
  /** seq → host of every event handed to the shipper. */
  readonly sent = new Map<string, string>();
  private next = 0;

  constructor(
    readonly name: string,
    private readonly hosts: number,
  ) {}

  hostOf(index: number): string {
    return `${this.name}-host-${index % this.hosts}`;
  }

  /** The next `n` events as shipper JSON; they count as sent once the caller has them acknowledged. */
  take(n: number): { seq: string; host: string; json: string }[] {
    return Array.from({ length: n }, () => {
      const index = this.next++;
      const seq = `${this.name}-${index}`;
      const host = this.hostOf(index);
      const json = JSON.stringify({
        '@timestamp': new Date().toISOString(),
        event: { category: 'authentication', action: 'ssh_login', outcome: 'failure' },
        host: { name: host },
        user: { name: 'root' },
        source: { ip: '203.0.113.9', port: 40000 },
        fault: { seq },
        message: `Failed password for root (${seq})`,
      });
      return { seq, host, json };
    });
  }

  /** Events sent per host, what the correlation must count. */
  perHost(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const host of this.sent.values()) counts.set(host, (counts.get(host) ?? 0) + 1);
    return counts;
  }
}

/**
 * A log shipper on the ingest topic: an idempotent producer that keeps retrying through a broker
 * outage (as Filebeat or Vector would), so every event it reports sent is in the topic once.
 */
export class Shipper {
  private readonly producer: Producer;

  constructor(
    brokers: string[],
    private readonly topic: string,
  ) {
    this.producer = new Kafka({
      brokers,
      clientId: 'fault-shipper',
      logLevel: logLevel.NOTHING,
      retry: { retries: 1000, initialRetryTime: 300, maxRetryTime: 2000 },
    }).producer({ idempotent: true, maxInFlightRequests: 1 });
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }

  /** Ships `n` events of `stream` at once, a backlog for the stages to work through. */
  async burst(stream: FaultStream, n: number): Promise<void> {
    const events = stream.take(n);
    await this.producer.send({
      topic: this.topic,
      acks: -1,
      messages: events.map((e) => ({ key: e.host, value: e.json, headers: { 'quell.tenant': 'acme' } })),
    });
    for (const e of events) stream.sent.set(e.seq, e.host);
  }

  /** Ships `batch` events of `stream` every `everyMs` until `total` are acknowledged; the shipper blocks while the broker is away. */
  async ship(stream: FaultStream, total: number, batch: number, everyMs: number): Promise<void> {
    while (stream.sent.size < total) {
      const started = Date.now();
      const events = stream.take(Math.min(batch, total - stream.sent.size));
      await this.producer.send({
        topic: this.topic,
        acks: -1,
        messages: events.map((e) => ({ key: e.host, value: e.json, headers: { 'quell.tenant': 'acme' } })),
      });
      for (const e of events) stream.sent.set(e.seq, e.host);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, everyMs - (Date.now() - started))));
    }
  }
}
