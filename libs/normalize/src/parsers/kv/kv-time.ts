import { parseVendorTime } from '../cef/vendor-time';

/**
 * The record's time from its pairs, first match wins: `date` + `time` with an optional `tz` offset
 * (`-0700`) as the device wrote it (Elastic's Fortinet pipeline reads it the same way), then
 * `eventtime` (epoch s/ms/µs/ns), then `timestamp`/`time` as one value. Lower-cased keys.
 */
export function kvTime(lower: Record<string, string>, receivedAt: number): number | undefined {
  const date = lower['date'];
  const clock = lower['time'];
  if (date && clock && /^\d{4}-\d{2}-\d{2}$/.test(date) && /^\d{1,2}:\d{2}:\d{2}/.test(clock)) {
    const tz = lower['tz']?.replace(/^"|"$/g, '');
    const zone = tz && /^[+-]\d{2}:?\d{2}$/.test(tz) ? tz : 'Z';
    return parseVendorTime(`${date}T${clock.padStart(8, '0')}${zone}`, receivedAt);
  }
  const epoch = lower['eventtime'] ?? lower['epoch'];
  if (epoch && /^\d{10,19}$/.test(epoch)) return Number(epoch.slice(0, 13).padEnd(13, '0'));
  const single = lower['timestamp'] ?? lower['@timestamp'] ?? lower['datetime'] ?? lower['time'] ?? lower['rt'];
  return single ? parseVendorTime(single, receivedAt) : undefined;
}
