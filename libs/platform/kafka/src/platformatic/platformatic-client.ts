import { SASLMechanisms, type BaseOptions, type Partitioner } from '@platformatic/kafka';
import { javaMurmur2 } from './java-murmur2';
import type { KafkaConnectionOptions } from '../kafka/kafka-client';

const MECHANISMS = {
  plain: SASLMechanisms.PLAIN,
  'scram-sha-256': SASLMechanisms.SCRAM_SHA_256,
  'scram-sha-512': SASLMechanisms.SCRAM_SHA_512,
} as const;

/** The connection part of every @platformatic/kafka client (producer, consumer, admin) of a bus. */
export function platformaticBaseOptions(options: KafkaConnectionOptions): BaseOptions {
  const base: BaseOptions = {
    clientId: options.clientId,
    bootstrapBrokers: options.brokers,
    // As kafkajs's createKafka: an operation gives up after some seconds of broker outage, and the
    // supervisor (not the client) decides when a consumer is tried again.
    retries: 8,
    retryDelay: 200,
  };
  if (options.ssl) base.tls = {};
  if (options.sasl) {
    const { username, password, mechanism = 'scram-sha-512' } = options.sasl;
    base.sasl = { mechanism: MECHANISMS[mechanism], username, password };
  }
  return base;
}

/**
 * kafkajs's DefaultPartitioner is Java's (murmur2 & 0x7fffffff, modulo the partitions); this
 * client's default (murmur2 >>> 0) puts some keys elsewhere. The compatible one keeps a key on the
 * same partition whichever client published it, so switching clients keeps windows partition-local.
 * It is the client's `compatibilityPartitioner` with the hash in 32-bit arithmetic (java-murmur2.ts).
 */
export const JAVA_COMPATIBLE_PARTITIONER: Partitioner<Buffer, Buffer, Buffer, Buffer> = (_message, key) => (Buffer.isBuffer(key) ? javaMurmur2(key) & 0x7fffffff : 0);
