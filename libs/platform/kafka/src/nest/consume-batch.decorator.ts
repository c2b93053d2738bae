import { EventPattern } from '@nestjs/microservices';
import type { TopicRole } from '@quell/contracts';

export interface ConsumeBatchOptions {
  group?: string;
  /** `skip`: another group of the topic dead-letters undecodable records (see TopicSubscription.skipUndecodable). */
  undecodable?: 'dead_letter' | 'skip';
  /**
   * Only records whose top-level `field` holds one of `values` reach the handler; the others are
   * committed without being decoded (the field is read alone, see AvroCodec.peekField). For a
   * group that keeps few of a busy topic's records, e.g. the config changes among all events.
   */
  only?: RecordSelection;
}

export interface RecordSelection {
  field: string;
  values: readonly string[];
}

/**
 * Marks a method as the batch handler of a topic role. The consumer group is the service's own
 * unless `group` names another one (a service may run several groups, e.g. the history writer).
 * The method receives `InboundRecord<T>[]` and returns `OutboundRecord[]`.
 */
export function ConsumeBatch(role: TopicRole, options: ConsumeBatchOptions = {}): MethodDecorator {
  const skip = options.undecodable === 'skip' ? '|skip-undecodable' : '';
  const pattern = options.group || skip ? `${role}|${options.group ?? ''}${skip}` : role;
  return options.only ? EventPattern(pattern, { only: options.only }) : EventPattern(pattern);
}

export function parsePattern(pattern: string): { role: TopicRole; group?: string; skipUndecodable: boolean } {
  const [role, group, skip] = pattern.split('|');
  return { role: role as TopicRole, group: group || undefined, skipUndecodable: skip === 'skip-undecodable' };
}
