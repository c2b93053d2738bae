import { WatchlistIndex } from './watchlist-index';

/**
 * Values for Sigma `expand` placeholders: the watchlist `admin_users` feeds `%admin_users%`.
 * A domain that covers its subdomains gives both `name` and `*.name` (Sigma wildcards).
 */
export function placeholdersOf(index: WatchlistIndex): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const { name } of index.lists) {
    const list = index.watchlist(name);
    if (!list) continue;
    const values: string[] = [];
    for (const { kind, value } of list.indicators) {
      if (kind === 'domain' && value.startsWith('*.')) values.push(value.slice(2));
      values.push(value);
    }
    out[name] = values;
  }
  return out;
}
