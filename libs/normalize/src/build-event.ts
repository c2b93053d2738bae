import type { Event, RawEvent } from '@quell/contracts';
import { ecsParts, processHash } from './ecs-parts';
import { classFromEcsCategory, EVENT_CLASSES } from './event-classes';
import type { ParsedRecord } from './parsers/parsed-record';

/** The original text is kept for investigations, up to this many characters (with a marker). */
export const MAX_RAW_TEXT = 16_384;
/** Longest value kept per field; longer ones are cut with a marker, never silently. */
export const MAX_FIELD_LENGTH = 8_192;
export const TRUNCATED = '…[truncated]';

function bounded(value: string, max: number): string {
  return value.length > max ? value.slice(0, max) + TRUNCATED : value;
}

function int(value: string | undefined): number | null {
  const n = value === undefined || value === '' ? NaN : Number(value);
  return Number.isSafeInteger(n) ? n : null;
}

function port(value: string | undefined): number | null {
  const n = int(value);
  return n !== null && n >= 0 && n <= 65535 ? n : null;
}

function outcome(value: string | undefined): string {
  const v = value?.toLowerCase();
  return v === 'success' || v === 'failure' ? v : 'unknown';
}

/** Epoch ms a date can hold (±100,000,000 days), as an integer: Event.time is an Avro long. */
function validTime(time: number): number | undefined {
  const ms = Math.round(time);
  return Number.isFinite(new Date(ms).getTime()) ? ms : undefined;
}

function timeOf(parsed: ParsedRecord, fallback: number, warnings: string[]): number {
  const own = parsed.time === undefined ? undefined : validTime(parsed.time);
  if (own !== undefined) return own;
  const text = parsed.fields['@timestamp'];
  if (text === undefined) {
    warnings.push('no timestamp: receive time used');
    return fallback;
  }
  const numeric = text.trim() === '' ? NaN : Number(text);
  const time = validTime(Number.isFinite(numeric) ? (numeric < 1e12 ? numeric * 1000 : numeric) : Date.parse(text));
  if (time !== undefined) return time;
  warnings.push(`unparseable timestamp "${text}": receive time used`);
  return fallback;
}

/**
 * The fields with every value cut to MAX_FIELD_LENGTH. The parser's own object when none is too
 * long (nearly always): copying a map of dozens of keys per event cost more than the parse.
 */
function boundedFields(fields: Readonly<Record<string, string>>, truncated?: (key: string) => void): Record<string, string> {
  let tooLong = false;
  for (const key in fields) {
    if (fields[key].length > MAX_FIELD_LENGTH) {
      tooLong = true;
      break;
    }
  }
  if (!tooLong) return fields;
  const out: Record<string, string> = {};
  for (const key in fields) {
    const value = fields[key];
    if (value.length > MAX_FIELD_LENGTH) truncated?.(key);
    out[key] = bounded(value, MAX_FIELD_LENGTH);
  }
  return out;
}

// A process record is built when any of these is known (a Sysmon file event names only its image).
const PROCESS_FIELDS = ['process.name', 'process.command_line', 'process.executable', 'process.pid', 'process.parent.executable', 'process.hash.sha256', 'process.hash.sha1', 'process.hash.md5'];

function anyOf(f: Readonly<Record<string, string>>, names: readonly string[]): boolean {
  for (const name of names) if (f[name] !== undefined) return true;
  return false;
}

/** ParsedRecord (ECS-named fields) + its RawEvent → the normalized Event. */
export function buildEvent(parsed: ParsedRecord, raw: RawEvent, now: number, rawText: string): Event {
  const warnings = [...parsed.warnings];
  const f = boundedFields(parsed.fields);
  const original = boundedFields(parsed.original, (key) => warnings.push(`field ${key} truncated to ${MAX_FIELD_LENGTH} characters`));
  const time = timeOf(parsed, raw.receivedAt, warnings);
  const className = classFromEcsCategory(f['event.category']);
  // Lower-cased as the Event's Host doc promises: Windows (Winlogbeat, evtx) names hosts in capitals,
  // syslog in lower case, and entity keys, history and asset lookups must see one host as one name.
  const hostName = (f['host.name'] ?? raw.source.host)?.toLowerCase() ?? null;
  const hasProcess = anyOf(f, PROCESS_FIELDS);
  const tags = f['tags'] ? f['tags'].split(',') : [];
  // The parts named one by one, not spread: a spread after other properties copies key by key.
  const ecs = ecsParts(f);
  if (warnings.length > 0) tags.push('parse_warning');
  return {
    id: raw.id,
    tenant: raw.tenant,
    time,
    ingestTime: now,
    source: { type: raw.source.type, name: raw.source.name },
    className,
    classUid: EVENT_CLASSES[className],
    action: f['event.action'] ?? null,
    outcome: outcome(f['event.outcome']),
    severity: Math.max(0, Math.min(10, int(f['event.severity']) ?? 0)),
    host: hostName || f['host.ip'] ? { name: hostName, ip: f['host.ip'] ?? null } : null,
    user: f['user.name'] ? { name: f['user.name'], domain: f['user.domain'] ?? null } : null,
    src: f['source.ip'] ? { ip: f['source.ip'], port: port(f['source.port']) } : null,
    dst: f['destination.ip'] ? { ip: f['destination.ip'], port: port(f['destination.port']) } : null,
    process: hasProcess
      ? {
          pid: int(f['process.pid']),
          name: f['process.name'] ?? null,
          executable: f['process.executable'] ?? null,
          commandLine: f['process.command_line'] ?? null,
          parentName: f['process.parent.name'] ?? null,
          parentCommandLine: f['process.parent.command_line'] ?? null,
          parentExecutable: f['process.parent.executable'] || null,
          parentPid: int(f['process.parent.pid']),
          hash: processHash(f),
        }
      : null,
    service: f['service.name'] ?? null,
    message: f['message'] ?? null,
    tags,
    original,
    rawText: bounded(rawText, MAX_RAW_TEXT),
    attackTechniques: parsed.techniques ?? [],
    late: false,
    parseWarnings: warnings,
    code: ecs.code,
    provider: ecs.provider,
    observer: ecs.observer,
    network: ecs.network,
    file: ecs.file,
    registry: ecs.registry,
    dns: ecs.dns,
    url: ecs.url,
    http: ecs.http,
    userAgent: ecs.userAgent,
    cloud: ecs.cloud,
  };
}
