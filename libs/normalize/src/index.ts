export { normalizeJson } from './json-normalizer';
export { normalizeRecord, type NormalizeOptions } from './normalize-record';
export { buildEvent, MAX_RAW_TEXT, MAX_FIELD_LENGTH, TRUNCATED } from './build-event';
export { NormalizeError } from './normalize-error';
export { EVENT_CLASSES, classFromEcsCategory, type EventClassName } from './event-classes';
export { flatten } from './flatten';
export { stableId } from './stable-id';
export { detectFormat } from './parsers/detect-format';
export { PARSERS } from './parsers/parser-registry';
export {
  ParseError,
  RECORD_FORMATS,
  isRecordFormat,
  type ParseContext,
  type ParsedRecord,
  type Parser,
  type RecordFormat,
} from './parsers/parsed-record';
