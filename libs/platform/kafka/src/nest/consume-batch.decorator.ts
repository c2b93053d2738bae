import { EventPattern } from '@nestjs/microservices';
import type { TopicRole } from '@quell/contracts';

export interface ConsumeBatchOptions {
  group?: string;
  /** `skip`: another group of the topic dead-letters undecodable records (see TopicSubscription.skipUndecodable). */
  undecodable?: 'dead_letter' | 'skip';
}

/**
 * Marks a method as the batch handler of a topic role. The consumer group is the service's own
 * unless `group` names another one (a service may run several groups, e.g. the history writer).
 * The method receives `InboundRecord<T>[]` and returns `OutboundRecord[]`.
 */
export function ConsumeBatch(role: TopicRole, options: ConsumeBatchOptions = {}): MethodDecorator {
  const skip = options.undecodable === 'skip' ? '|skip-undecodable' : '';
  return EventPattern(options.group || skip ? `${role}|${options.group ?? ''}${skip}` : role);
}

export function parsePattern(pattern: string): { role: TopicRole; group?: string; skipUndecodable: boolean } {
  const [role, group, skip] = pattern.split('|');
  return { role: role as TopicRole, group: group || undefined, skipUndecodable: skip === 'skip-undecodable' };
}
