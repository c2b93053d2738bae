import { attacks } from './attacks';
import { maintenanceActivity } from './maintenance';
import { noise } from './noise';
import type { ShipperRecord } from './shipper-formats';
import { StormRandom } from './storm-random';

/** The storm's hour: 01:00–02:00 UTC on 2 December 2026, at night (the firewall freeze is in force). */
export const STORM_START = Date.UTC(2026, 11, 2, 1, 0, 0);
export const STORM_SEED = 14_08;

export interface StormOptions {
  seed?: number;
  start?: number;
  /** Multiplies the noise (1: a little over 100,000 records). */
  scale?: number;
}

/** The whole storm in event-time order (ties in generation order), the same for the same options. */
export function stormRecords(options: StormOptions = {}): ShipperRecord[] {
  const random = new StormRandom(options.seed ?? STORM_SEED);
  const start = options.start ?? STORM_START;
  const all = [...noise(random, start, options.scale ?? 1), ...maintenanceActivity(random, start), ...attacks(start)];
  return all.map((record, order) => ({ record, order })).sort((a, b) => a.record.at - b.record.at || a.order - b.order).map((r) => r.record);
}
