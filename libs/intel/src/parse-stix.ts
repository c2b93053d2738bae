import { emptySkipped, Indicator, Watchlist } from './indicator';
import { IndicatorCollector } from './list-entry';
import { normalizeIndicator, Normalized } from './normalize-indicator';
import { parseStixPattern, StixComparison } from './stix-pattern';

export interface StixOptions {
  /** Epoch ms against which `valid_until` is judged (injected so tests and reloads agree). */
  now: () => number;
}

type JsonObject = Record<string, unknown>;
const isObject = (value: unknown): value is JsonObject => value !== null && typeof value === 'object' && !Array.isArray(value);
const isStixObject = (value: unknown): boolean => isObject(value) && typeof value['type'] === 'string' && typeof value['id'] === 'string' && value['id'].includes('--');

/** A bundle, an array of STIX objects, or a single indicator object. */
export function isStixContent(document: unknown): boolean {
  if (isObject(document)) return (document['type'] === 'bundle' && Array.isArray(document['objects'])) || (document['type'] === 'indicator' && isStixObject(document));
  return Array.isArray(document) && document.length > 0 && document.every(isStixObject);
}

const HASHES: Record<string, string> = { MD5: 'md5', SHA1: 'sha1', SHA256: 'sha256' };

/** The list type word a comparison's object path stands for, or why it cannot be used. */
function typeOfComparison(comparison: StixComparison): string | { reason: string } {
  const { objectType, path, operator } = comparison;
  const property = path.join('.');
  if ((objectType === 'ipv4-addr' || objectType === 'ipv6-addr') && property === 'value') return 'ip';
  if (objectType === 'network-traffic' && (property === 'dst_ref.value' || property === 'src_ref.value')) return 'host';
  if (operator === 'ISSUBSET') return { reason: `ISSUBSET applies to addresses, not to ${comparison.text}` };
  if (objectType === 'domain-name' && property === 'value') return 'domain';
  if (objectType === 'url' && property === 'value') return 'url';
  if (objectType === 'file' && path.length === 2 && path[0] === 'hashes') {
    const algorithm = HASHES[path[1].toUpperCase().replace(/-/g, '')];
    return algorithm ?? { reason: `hash algorithm ${path[1]} is not supported (MD5, SHA-1, SHA-256)` };
  }
  if (objectType === 'user-account' && (property === 'user_id' || property === 'account_login')) return 'user';
  return { reason: `${comparison.text} is not supported (ipv4-addr/ipv6-addr:value, network-traffic:dst_ref/src_ref.value, domain-name:value, url:value, file:hashes.MD5/SHA-1/SHA-256, user-account:user_id/account_login)` };
}

/** network-traffic refs hold an address or a domain name. */
function normalizeComparisonValue(type: string, value: string): Normalized {
  if (type !== 'host') return normalizeIndicator(type, value);
  const ip = normalizeIndicator('ip', value);
  return ip.ok ? ip : normalizeIndicator('domain', value);
}

/** `valid_from` and `valid_until` as epoch ms (absent when the object has none), or why they cannot be read. */
function validityOf(object: Record<string, unknown>): Pick<Indicator, 'validFrom' | 'validUntil'> | string {
  const out: Pick<Indicator, 'validFrom' | 'validUntil'> = {};
  for (const [key, field] of [['valid_from', 'validFrom'], ['valid_until', 'validUntil']] as const) {
    if (object[key] === undefined) continue;
    const time = typeof object[key] === 'string' ? Date.parse(object[key]) : NaN;
    if (Number.isNaN(time)) return `${key} "${String(object[key])}" is not a timestamp`;
    out[field] = time;
  }
  return out;
}

/**
 * STIX 2.x indicator objects → a watchlist. Revoked indicators and those whose `valid_until` has
 * passed are skipped and counted; the others match events whose time is within their validity
 * (`valid_from` included, `valid_until` excluded: a feed's future indicator waits for its time); other pattern types (snort, yara, sigma …) and patterns that are
 * not a disjunction of supported comparisons are reported per object with the reason. In an OR of
 * comparisons, the supported ones are kept and each unsupported one is reported.
 */
export function parseStixObjects(name: string, document: unknown, options: StixOptions): Watchlist {
  const collector = new IndicatorCollector();
  const list: Watchlist = { name, indicators: collector.indicators, errors: collector.errors, skipped: emptySkipped() };
  const objects: unknown[] = Array.isArray(document) ? document : isObject(document) && Array.isArray(document['objects']) ? document['objects'] : [document];
  if (isObject(document) && document['type'] === 'bundle' && typeof document['name'] === 'string') list.description = document['name'];
  const now = options.now();
  objects.forEach((object, index) => {
    if (!isObject(object) || object['type'] !== 'indicator') return;
    const id = typeof object['id'] === 'string' ? object['id'] : `objects[${index}]`;
    const reject = (reason: string) => list.errors.push({ index, reason: `${id}: ${reason}` });
    if (object['revoked'] === true) {
      list.skipped.revoked++;
      return;
    }
    const validity = validityOf(object);
    if (typeof validity === 'string') return reject(validity);
    if (validity.validUntil !== undefined && validity.validUntil <= now) {
      list.skipped.expired++;
      return;
    }
    // STIX 2.0 indicators have no pattern_type: their pattern is always STIX.
    const patternType = object['pattern_type'] ?? 'stix';
    if (patternType !== 'stix') return reject(`pattern_type ${String(patternType)} is not supported (only stix)`);
    if (typeof object['pattern'] !== 'string') return reject('no pattern');
    const parsed = parseStixPattern(object['pattern']);
    if (!parsed.ok) return reject(parsed.reason);
    const base: Omit<Indicator, 'kind' | 'value'> = { stixId: id, ...validity };
    const description = typeof object['name'] === 'string' ? object['name'] : typeof object['description'] === 'string' ? object['description'] : undefined;
    if (description) base.description = description;
    if (typeof object['created_by_ref'] === 'string') base.source = object['created_by_ref'];
    for (const comparison of parsed.comparisons) {
      const type = typeOfComparison(comparison);
      if (typeof type !== 'string') {
        reject(type.reason);
        continue;
      }
      for (const value of comparison.values) {
        const normalized = normalizeComparisonValue(type, value);
        if (!normalized.ok) reject(`${comparison.text}: ${normalized.reason}`);
        else collector.add({ ...base, kind: normalized.kind, value: normalized.value }, { index });
      }
    }
  });
  return list;
}
