import type { BaseOptions } from '@platformatic/kafka';
import type { TopicTail, TopicTailSpec } from '../readers/topic-tail.port';
import { PlatformaticPrivateStream } from './private-stream';

/**
 * A TopicTail over @platformatic/kafka (KAFKA_CLIENT=platformatic): after its stream fails it reads
 * again from where it was (where kafkajs, with nothing committed, starts again from the end).
 */
export class PlatformaticTopicTail implements TopicTail {
  private readonly stream: PlatformaticPrivateStream;

  constructor(base: BaseOptions, spec: TopicTailSpec) {
    this.stream = new PlatformaticPrivateStream(base, { ...spec, from: 'end', name: 'topic tail' });
  }

  get reading(): Promise<void> {
    return this.stream.positioned;
  }

  start(): Promise<void> {
    return this.stream.start();
  }

  stop(): Promise<void> {
    return this.stream.stop();
  }
}
