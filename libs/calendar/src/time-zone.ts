import { isTimeZone } from '@quell/anomaly';

/**
 * Whether the runtime's ICU knows the IANA time zone (Europe/Berlin, UTC...). The anomaly lib's check
 * keeps one formatter per known zone, so a calendar of many changes does not build one per window.
 */
export function isKnownTimeZone(zone: string): boolean {
  return zone.length > 0 && zone.length <= 64 && isTimeZone(zone);
}
