export { normalizeJson } from './json-normalizer';
export { normalizeRecord, type NormalizeOptions } from './normalize-record';
export { buildEvent, MAX_RAW_TEXT, MAX_FIELD_LENGTH, TRUNCATED } from './build-event';
export { NormalizeError } from './normalize-error';
export { EVENT_CLASSES, classFromEcsCategory, type EventClassName } from './event-classes';
export { flatten } from './flatten';
export { stableId } from './stable-id';
export { rememberParsedJson, takeParsedJson } from './parsed-payloads';
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
export { parseSyslog5424 } from './parsers/syslog/syslog5424-parser';
export { parseSyslog3164 } from './parsers/syslog/syslog3164-parser';
export { parseCef } from './parsers/cef/cef-parser';
export { parseLeef } from './parsers/leef/leef-parser';
export { parseKv, createKvParser } from './parsers/kv/kv-parser';
export type { KvOptions } from './parsers/kv/kv-splitter';
export { extractFromMessage } from './parsers/extractors/message-extractors';
export { parseJson, parseJsonObject } from './parsers/json-parser';
export { parseWindowsRecord } from './parsers/windows/windows-parser';
export { windowsShape, type WindowsRecord } from './parsers/windows/windows-shape';
export { windowsEventKind, windowsLog, type WindowsEventKind, type WindowsLog } from './parsers/windows/windows-event-ids';
export { isOcsf, parseOcsfObject } from './parsers/ocsf/ocsf-parser';
export { ocsfCategory } from './parsers/ocsf/ocsf-classes';
export { fillWindowsTaxonomy, windowsSigmaCategory, SYSMON_CATEGORIES, SECURITY_CATEGORIES } from './parsers/sigma/windows-taxonomy';
export { ECS_TO_SIGMA, fillSigmaFromEcs } from './parsers/sigma/ecs-taxonomy';
