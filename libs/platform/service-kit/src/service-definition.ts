import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import type { z } from 'zod';
import type { BaseServiceConfig } from '@quell/platform-config';

/** What a service declares so that one bootstrap can run it alone or inside the all-in-one process. */
export interface ServiceDefinition<C extends BaseServiceConfig = BaseServiceConfig> {
  /** Also the default consumer group suffix: `<KAFKA_GROUP_PREFIX>.<name>`. */
  name: string;
  defaultHttpPort: number;
  configSchema: z.ZodType<C>;
  /** The service's own Nest module (controllers, handlers, use cases). */
  module(config: C): Type | DynamicModule;
  /** Adjusts the HTTP app before it listens (body limits, parsers). */
  configureApp?(app: INestApplication, config: C): void;
  /** Infrastructure beyond the bus that the service needs; it is created once and health-checked. */
  uses: ServiceUses;
  /** What this config needs, when it is less than `uses` (a normalizer without its history role opens no ClickHouse). */
  usesFor?(config: C): ServiceUses;
}

export interface ServiceUses {
  clickhouse?: boolean;
  state?: boolean;
}

/** The infrastructure one process of the service needs with this config. */
export function serviceUses<C extends BaseServiceConfig>(definition: ServiceDefinition<C>, config: C): ServiceUses {
  return definition.usesFor?.(config) ?? definition.uses;
}

export function defineService<C extends BaseServiceConfig>(definition: ServiceDefinition<C>): ServiceDefinition<C> {
  return definition;
}
