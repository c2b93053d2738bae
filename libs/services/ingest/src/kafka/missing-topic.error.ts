import { ConfigError } from '@quell/platform-config';
import type { TopicSpec } from './topic-spec';

// kafkajs: UNKNOWN_TOPIC_OR_PARTITION's text; @platformatic/kafka: `Unknown topic <name>`.
const UNKNOWN_TOPIC = /does not host this topic-partition|unknown topic/i;

/**
 * The boot error for a shipper topic the broker does not have: the clients say only "This server
 * does not host this topic-partition" (kafkajs) or name the topic without the setting. Quell
 * creates its own topics only; a shipper's topic is the operator's, so the error says to create it.
 * Anything else is returned as it was.
 */
export function explainMissingTopic(error: unknown, specs: TopicSpec[]): unknown {
  const text = error instanceof Error ? error.message : String(error);
  const named = specs.map((spec) => spec.topic).filter((topic): topic is string => typeof topic === 'string');
  if (!UNKNOWN_TOPIC.test(text) || named.length === 0) return error;
  const exact = named.filter((topic) => text.includes(topic));
  const candidates = exact.length > 0 ? exact : named;
  const which = candidates.length === 1 ? `"${candidates[0]}"` : `among "${candidates.join('", "')}"`;
  return new ConfigError([
    {
      key: 'INGEST_KAFKA_TOPICS',
      message: `the broker has no topic ${which}: create it before starting ingest (Quell creates only its own topics) (${text})`,
    },
  ]);
}
