import type { AssetInfo, AssetKey } from '@quell/assets';
import type { Incident } from '@quell/contracts';
import { CRITICALITIES, type Criticality, type TenantCatalog } from './service-catalog';
import type { PriorityFactor } from './priority-factor';

/** What the criticality needs of the asset inventory (AssetInventory from @quell/assets fits). */
export interface AssetLookup {
  lookup(key: AssetKey): AssetInfo | undefined;
}

/** How much the business criticality multiplies the severity points; medium leaves them as they are. */
export const CRITICALITY_MULTIPLIER: Record<Criticality, number> = { critical: 2, high: 1.5, medium: 1, low: 0.75 };

interface Candidate {
  criticality: Criticality;
  label: string;
}

/**
 * The most critical thing the incident touches (README "Priority"): its services and service
 * entities in the catalog, its hosts and addresses in the asset inventory, and the catalog entry
 * of an asset's service. None known: no factor (×1).
 */
export function criticalityFactor(
  incident: Incident,
  catalog: TenantCatalog,
  assets: AssetLookup | undefined,
  severityPoints: number,
): { criticality: Criticality; factor: PriorityFactor } | undefined {
  const candidates: Candidate[] = [];
  const serviceNames = new Set([...incident.services, ...incident.entities.filter((e) => e.type === 'service').map((e) => e.value)]);
  for (const name of serviceNames) {
    const service = catalog.services.get(name);
    if (service) candidates.push({ criticality: service.criticality, label: `${service.criticality} service ${name}` });
  }
  for (const entity of incident.entities) {
    const key: AssetKey | undefined = entity.type === 'host' ? { hostName: entity.value } : entity.type === 'ip' ? { ip: entity.value } : undefined;
    const asset = key && assets?.lookup(key);
    if (!asset) continue;
    const own = criticalityOf(asset.criticality);
    if (own) candidates.push({ criticality: own, label: `${own} asset ${entity.value}` });
    const service = asset.service ? catalog.services.get(asset.service) : undefined;
    if (service) candidates.push({ criticality: service.criticality, label: `${service.criticality} service ${asset.service} (via ${entity.value})` });
  }
  // Most critical first, then by label, so the named reason does not depend on entity order.
  const [top] = candidates.sort((a, b) => rank(a.criticality) - rank(b.criticality) || a.label.localeCompare(b.label));
  if (!top) return undefined;
  const multiplier = CRITICALITY_MULTIPLIER[top.criticality];
  return {
    criticality: top.criticality,
    factor: { id: 'service-criticality', label: top.label, weight: { op: '×', value: multiplier }, contribution: severityPoints * (multiplier - 1) },
  };
}

/** The inventory's criticality is free text: only the catalog's words count. */
function criticalityOf(text: string | undefined): Criticality | undefined {
  const word = text?.trim().toLowerCase();
  return CRITICALITIES.find((c) => c === word);
}

function rank(criticality: Criticality): number {
  return CRITICALITIES.indexOf(criticality);
}
