import { EventPattern } from '@nestjs/microservices';
import type { TopicRole } from '@quell/contracts';

/**
 * Marks a method as the batch handler of a topic role. The consumer group is the service's own
 * unless `group` names another one (a service may run several groups, e.g. the history writer).
 * The method receives `InboundRecord<T>[]` and returns `OutboundRecord[]`.
 */
export function ConsumeBatch(role: TopicRole, options: { group?: string } = {}): MethodDecorator {
  return EventPattern(options.group ? `${role}|${options.group}` : role);
}

export function parsePattern(pattern: string): { role: TopicRole; group?: string } {
  const [role, group] = pattern.split('|');
  return { role: role as TopicRole, group: group || undefined };
}
