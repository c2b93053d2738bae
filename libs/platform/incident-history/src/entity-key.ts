import type { Entity } from '@quell/contracts';

/** How an entity is stored in the history's array columns: 'type:value' (a set member). */
export const entityKey = (entity: Entity): string => `${entity.type}:${entity.value}`;
