import { parseJson } from './json-parser';
import type { Parser, RecordFormat } from './parsed-record';

/**
 * Format → parser. Parsers register here as they land; a format without a parser is refused with
 * a clear reason rather than guessed at.
 */
export const PARSERS: Partial<Record<RecordFormat, Parser>> = {
  json: parseJson,
};
