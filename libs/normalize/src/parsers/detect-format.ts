import type { RecordFormat } from './parsed-record';

/**
 * Guesses a record's format from its first bytes, for sources that do not declare one.
 * JSON objects are `json` here; the JSON parsers tell ECS, OCSF and Windows shapes apart.
 */
export function detectFormat(text: string): RecordFormat | undefined {
  const start = text.trimStart();
  if (start.startsWith('{')) return 'json';
  return undefined;
}
