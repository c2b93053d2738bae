import { loadConfig } from '@quell/platform-config';
import { createLogger } from '@quell/platform-observability';
import { createSharedInfrastructure, serviceUses, startServiceApp, type ServiceApp, type SharedInfrastructure } from '@quell/platform-service-kit';
import { collectTopic, requireKafkaBrokers, requireRedisUrl, type TopicCollector } from '@quell/platform-testing';
import { notifierConfigSchema } from '../config';
import { notifierService } from '../notifier.service';
import { openedIncident } from './failing-receiver';

/**
 * The notifier in this process over the real broker and Redis, sending every opened incident to one
 * webhook (`url`), its dead letters collected; `env` adds to or overrides the settings.
 */
export async function startWebhookNotifier(prefix: string, url: string, env: Record<string, string>) {
  const brokers = requireKafkaBrokers();
  const config = loadConfig(notifierConfigSchema, {
    BUS: 'kafka',
    KAFKA_BROKERS: brokers.join(','),
    TOPIC_PREFIX: `${prefix}.`,
    KAFKA_GROUP_PREFIX: prefix,
    REDIS_URL: requireRedisUrl(),
    NOTIFY_WEBHOOK_URL: url,
    NOTIFY_DELIVERY_LOG_CLICKHOUSE: 'false',
    NOTIFY_TIMEOUT_MS: '1000',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const logger = createLogger({ service: 'notifier', level: 'silent' });
  const infra: SharedInfrastructure = await createSharedInfrastructure(config, serviceUses(notifierService, config), logger);
  const service: ServiceApp = await startServiceApp(notifierService, config, infra, { httpPort: 0, logger });
  const deadLetters: TopicCollector = await collectTopic(brokers, infra.topics.deadLetters);
  return {
    brokers,
    infra,
    deadLetters,
    /** Publishes an opened incident per id, each keyed by `key(id)`. */
    publish: (ids: string[], key: (id: string) => string = (id) => id) =>
      infra.bus.publish(ids.map((id) => ({ topic: infra.topics.incidents, key: key(id), value: infra.codec.encodable('Incident', openedIncident(id)) }))),
    async stop(): Promise<void> {
      await deadLetters.stop();
      await service.close();
      await infra.close();
    },
  };
}

export type WebhookNotifier = Awaited<ReturnType<typeof startWebhookNotifier>>;
