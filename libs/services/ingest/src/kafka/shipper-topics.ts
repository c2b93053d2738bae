import type { ShipperTopic } from '../raw-event.factory';
import type { TopicSpec } from './topic-spec';

/**
 * Splits the configured shipper topics into the ingest role topic (read by the `@ConsumeBatch`
 * handler) and the extra ones (read by their own consumer). Listing the role topic by name only sets
 * its format and tenant; unlisted, it keeps the `quell.tenant` header with the default tenant.
 */
export function shipperTopics(specs: TopicSpec[], roleTopic: string, defaultTenant: string): { role: ShipperTopic; extra: TopicSpec[] } {
  const listed = specs.find((spec) => spec.topic === roleTopic);
  return {
    role: listed ? { format: listed.format, tenant: listed.tenant, tenantFromHeader: false } : { format: 'auto', tenant: defaultTenant, tenantFromHeader: true },
    extra: specs.filter((spec) => spec !== listed),
  };
}
