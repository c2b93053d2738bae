import { Kafka, logLevel, type Producer } from 'kafkajs';
import { topicsFor } from '@quell/contracts';
import { ApiUnavailable } from '../api-client';
import type { ReplayLine } from './replay-lines';
import type { BatchOutcome } from './replay-tally';
import type { ReplayLabels, ReplayTarget } from './replay-target';

/** The ingest role topic (quell.ingest.v1), where log shippers publish; the topic of `kafka://host:port` without a path. */
export const DEFAULT_INGEST_TOPIC = topicsFor('').ingest;

/** `kafka://broker:port[,broker:port…][/topic]`, or undefined when the text is not a kafka:// URL. */
export function parseKafkaTarget(url: string): { brokers: string[]; topic: string } | undefined {
  const match = /^kafka:\/\/([^/]+)(?:\/([^/]*))?$/.exec(url);
  if (!match) return undefined;
  const brokers = match[1].split(',').filter(Boolean);
  if (brokers.length === 0 || !brokers.every((b) => /^[\w.-]+:\d{1,5}$/.test(b) || /^\[[\da-f:]+\]:\d{1,5}$/i.test(b))) return undefined;
  return { brokers, topic: decodeURIComponent(match[2] || DEFAULT_INGEST_TOPIC) };
}

/**
 * Produces each line as one record on the ingest topic, as a log shipper does: the value is the
 * line, `quell.tenant` and `quell.format` headers say what --tenant and --format say (ingest reads
 * them on its unlisted role topic; a declared shipper topic has its own). acks=all: a record counts
 * as accepted once every in-sync replica has it. Ingest parses later, so a bad line is not rejected
 * here: it goes to the dead-letter topic with its reason.
 */
export class KafkaTarget implements ReplayTarget {
  readonly name: string;
  private readonly producer: Producer;
  private readonly headers: Record<string, string>;

  constructor(
    private readonly target: { brokers: string[]; topic: string },
    labels: ReplayLabels,
  ) {
    this.name = `kafka://${target.brokers.join(',')}/${target.topic}`;
    // A command line fails fast: a broker that is away is told within seconds, not after kafkajs's ~50 s of retries.
    const kafka = new Kafka({ clientId: 'quell-replay', brokers: target.brokers, logLevel: logLevel.NOTHING, connectionTimeout: 3_000, retry: { retries: 2, initialRetryTime: 200, maxRetryTime: 2_000 } });
    this.producer = kafka.producer({ allowAutoTopicCreation: false });
    this.headers = { ...(labels.tenant ? { 'quell.tenant': labels.tenant } : {}), ...(labels.format ? { 'quell.format': labels.format } : {}) };
  }

  async open(): Promise<void> {
    dropKafkajsTimerWarning();
    try {
      await this.producer.connect();
    } catch (error) {
      throw new ApiUnavailable(`cannot reach ${this.target.brokers.join(',')}: ${(error as Error).message}`);
    }
  }

  async send(lines: ReplayLine[]): Promise<BatchOutcome> {
    try {
      await this.producer.send({ topic: this.target.topic, acks: -1, messages: lines.map((l) => ({ value: l.text, headers: this.headers })) });
    } catch (error) {
      if (isUnknownTopic(error)) {
        throw new ApiUnavailable(`producing to ${this.target.topic}: the broker has no topic ${this.target.topic} (Quell's services create their topics at start; or name one: kafka://host:port/<topic>)`);
      }
      throw new ApiUnavailable(`producing to ${this.target.topic}: ${(error as Error).message}`);
    }
    return { accepted: lines.length, rejected: [] };
  }

  async close(): Promise<void> {
    await this.producer.disconnect();
  }
}

/** kafkajs's UNKNOWN_TOPIC_OR_PARTITION, on the error or on what its retries wrapped. */
function isUnknownTopic(error: unknown): boolean {
  for (let e = error as { type?: string; cause?: unknown; originalError?: unknown } | undefined, depth = 0; e && depth < 5; depth++) {
    if (e.type === 'UNKNOWN_TOPIC_OR_PARTITION') return true;
    e = (e.cause ?? e.originalError) as typeof e;
  }
  return false;
}

let timerWarningDropped = false;

/**
 * kafkajs 2.2.4 schedules its request-queue check with a negative delay, which Node 24 reports as a
 * TimeoutNegativeWarning (tulios/kafkajs#1751; harmless, Node waits 1 ms). A command's standard
 * error holds its own one-line messages, so that one warning is dropped; any other still shows.
 */
function dropKafkajsTimerWarning(): void {
  if (timerWarningDropped) return;
  timerWarningDropped = true;
  const emit = process.emitWarning.bind(process) as (...args: unknown[]) => void;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const type = typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: string } | undefined)?.type;
    if (type !== 'TimeoutNegativeWarning') emit(warning, ...rest);
  }) as typeof process.emitWarning;
}
