import { JsonTooDeepError, parseJsonWithinDepth } from '@quell/input-limits';
import { emptySkipped, severityOf, Watchlist } from './indicator';
import { EntryFields, IndicatorCollector, indicatorOfEntry } from './list-entry';
import { isStixContent, parseStixObjects, StixOptions } from './parse-stix';

export type JsonListOptions = StixOptions;

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject => value !== null && typeof value === 'object' && !Array.isArray(value);

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

function entryOf(item: unknown): EntryFields | string {
  if (typeof item === 'string') return { value: item };
  if (!isObject(item)) return 'an entry must be an object with type and value, or a string';
  const subdomains = item['subdomains'] ?? item['include_subdomains'];
  return {
    type: text(item['type'] ?? item['kind']),
    value: text(item['value'] ?? item['indicator']),
    description: text(item['description']),
    severity: text(item['severity'] ?? item['level']),
    source: text(item['source']),
    subdomains: typeof subdomains === 'boolean' ? subdomains : text(subdomains),
  };
}

/**
 * A JSON watchlist: an array of `{type, value, description?, severity?, source?, subdomains?}`,
 * or `{name?, description?, severity?, type?, indicators: [...]}` whose `type` declares the kind
 * of bare-string entries; a STIX 2.x bundle (or array of STIX objects) goes to the STIX reader.
 * The file's own `name` is informational: the list is named by the caller (the file name).
 */
export function parseJsonWatchlist(name: string, source: string, options: JsonListOptions): Watchlist {
  let document: unknown;
  try {
    // Nesting is bounded before parsing: the readers below recurse into what they are given.
    document = parseJsonWithinDepth(source);
  } catch (error) {
    const reason = error instanceof JsonTooDeepError ? error.message : `not JSON: ${(error as Error).message}`;
    return { name, indicators: [], errors: [{ reason }], skipped: emptySkipped(), fileError: reason };
  }
  return watchlistOfJson(name, document, options);
}

export function watchlistOfJson(name: string, document: unknown, options: JsonListOptions): Watchlist {
  if (isStixContent(document)) return parseStixObjects(name, document, options);
  const collector = new IndicatorCollector();
  const list: Watchlist = { name, indicators: collector.indicators, errors: collector.errors, skipped: emptySkipped() };
  let items: unknown[];
  let declared: string | undefined;
  if (Array.isArray(document)) items = document;
  else if (isObject(document) && Array.isArray(document['indicators'])) {
    items = document['indicators'];
    declared = text(document['type'] ?? document['kind']);
    const description = text(document['description']);
    if (description) list.description = description;
    const severity = text(document['severity'] ?? document['level']);
    if (severity !== undefined) {
      const level = severityOf(severity);
      if (level) list.severity = level;
      else list.errors.push({ reason: `unknown list severity "${severity}"` });
    }
  } else {
    list.fileError = 'a JSON watchlist is an array of indicators, an object with an "indicators" array, or a STIX bundle';
    list.errors.push({ reason: list.fileError });
    return list;
  }
  items.forEach((item, index) => {
    const entry = entryOf(item);
    collector.add(typeof entry === 'string' ? { reason: entry } : indicatorOfEntry(entry, declared), { index });
  });
  return list;
}
