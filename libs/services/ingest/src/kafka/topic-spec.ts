import { isDeclaredFormat, type DeclaredFormat } from '../wire-formats';

/** One shipper topic (or pattern) with the format its records are in and the tenant they belong to. */
export interface TopicSpec {
  topic: string | RegExp;
  /** `auto`: the record's `quell.format` header, else detection by the normalizer. */
  format: DeclaredFormat | 'auto';
  tenant: string;
}

/**
 * Parses `name:format:tenant` entries, comma-separated; a name written `/…/` is a regular expression
 * (kafkajs subscribes to every matching topic). The last two colons split, so a regex may contain colons.
 */
export function parseTopicSpecs(raw: string): TopicSpec[] {
  return raw
    .split(/,(?![^/]*\/:)/)
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map(parseEntry);
}

function parseEntry(entry: string): TopicSpec {
  const tenantAt = entry.lastIndexOf(':');
  const formatAt = entry.lastIndexOf(':', tenantAt - 1);
  if (formatAt <= 0) throw new Error(`"${entry}": expected topic:format:tenant`);
  const name = entry.slice(0, formatAt);
  const format = entry.slice(formatAt + 1, tenantAt);
  const tenant = entry.slice(tenantAt + 1);
  if (!tenant) throw new Error(`"${entry}": the tenant is empty`);
  if (format !== 'auto' && !isDeclaredFormat(format)) throw new Error(`"${entry}": unknown format "${format}"`);
  return { topic: topicOf(name, entry), format, tenant };
}

function topicOf(name: string, entry: string): string | RegExp {
  if (!(name.length > 2 && name.startsWith('/') && name.endsWith('/'))) return name;
  try {
    return new RegExp(name.slice(1, -1));
  } catch (error) {
    throw new Error(`"${entry}": bad pattern: ${(error as Error).message}`);
  }
}
