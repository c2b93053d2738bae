import type { Event } from '@quell/contracts';
import type { AssetInfo, AssetInventory } from './asset-inventory';

/** `asset.owner:<x>`, `asset.criticality:<x>`, `asset.environment:<x>` for what the asset has. */
export function assetTags(info: AssetInfo): string[] {
  const tags: string[] = [];
  if (info.owner) tags.push(`asset.owner:${info.owner}`);
  if (info.criticality) tags.push(`asset.criticality:${info.criticality}`);
  if (info.environment) tags.push(`asset.environment:${info.environment}`);
  return tags;
}

/**
 * The event with its asset's service and tags. The inventory's service wins over one the record
 * named (the inventory is the maintained source of truth); an unknown asset leaves the event as is.
 * Looked up by host name, then by the host's address.
 */
export function enrichWithAsset(event: Event, inventory: AssetInventory): Event {
  const info = inventory.lookup({ hostName: event.host?.name, ip: event.host?.ip });
  if (!info) return event;
  const tags = [...event.tags];
  for (const tag of assetTags(info)) if (!tags.includes(tag)) tags.push(tag);
  return { ...event, service: info.service ?? event.service, tags };
}
