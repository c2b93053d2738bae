import type { Entity } from '@quell/contracts';

/** How an entity is stored in the history's array columns: 'type:value' (a set member). */
export const entityKey = (entity: Entity): string => `${entity.type}:${entity.value}`;

/** The inverse of entityKey: the type never holds ':', the value may (an IPv6 address). */
export function entityOfKey(key: string): Entity {
  const colon = key.indexOf(':');
  return { type: key.slice(0, colon), value: key.slice(colon + 1) };
}
