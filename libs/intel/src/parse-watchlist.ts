import { Watchlist } from './indicator';
import { CsvListOptions, parseCsvWatchlist } from './parse-csv';
import { parseJsonWatchlist } from './parse-json';
import { StixOptions } from './parse-stix';

export type WatchlistFormat = 'csv' | 'json';

export type ParseWatchlistOptions = StixOptions & CsvListOptions;

/** The format a file name stands for (`.csv`, `.json`; STIX bundles are `.json`), or undefined. */
export function watchlistFormatOf(fileName: string): WatchlistFormat | undefined {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.json')) return 'json';
  return undefined;
}

/** One watchlist file's text → its indicators, per-entry errors and skipped counts. */
export function parseWatchlist(name: string, format: WatchlistFormat, text: string, options: ParseWatchlistOptions): Watchlist {
  return format === 'csv' ? parseCsvWatchlist(name, text, options) : parseJsonWatchlist(name, text, options);
}
