import type { Event, RawEvent } from '@quell/contracts';
import { classFromEcsCategory, EVENT_CLASSES } from './event-classes';
import { flatten } from './flatten';
import { NormalizeError } from './normalize-error';

/** The original text is kept for investigations, up to this many characters (with a marker). */
export const MAX_RAW_TEXT = 16_384;
const TRUNCATED = '…[truncated]';

function pick(fields: Record<string, string>, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = fields[key];
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}

function port(value: string | undefined): number | null {
  const n = value === undefined ? NaN : Number(value);
  return Number.isInteger(n) && n >= 0 && n <= 65535 ? n : null;
}

function int(value: string | undefined): number | null {
  const n = value === undefined ? NaN : Number(value);
  return Number.isSafeInteger(n) ? n : null;
}

function outcome(value: string | undefined): string {
  const v = value?.toLowerCase();
  if (v === 'success' || v === 'failure') return v;
  return 'unknown';
}

function parseTime(value: string | undefined, fallback: number): { time: number; warning?: string } {
  if (value === undefined) return { time: fallback, warning: 'no timestamp: receive time used' };
  const numeric = Number(value);
  const time = Number.isFinite(numeric) ? (numeric < 1e12 ? numeric * 1000 : numeric) : Date.parse(value);
  return Number.isFinite(time) ? { time } : { time: fallback, warning: `unparseable timestamp "${value}": receive time used` };
}

/**
 * JSON (ECS-shaped or flat) → normalized Event. The simplest real normalizer: ECS field names are
 * read where present; everything is kept flattened in `original`.
 */
export function normalizeJson(raw: RawEvent, now: number): Event {
  const text = raw.payload.toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new NormalizeError(`payload is not JSON: ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new NormalizeError('payload must be a JSON object');
  }
  const f = flatten(parsed);
  const warnings: string[] = [];
  const { time, warning } = parseTime(pick(f, '@timestamp', 'timestamp', 'time'), raw.receivedAt);
  if (warning) warnings.push(warning);
  const className = classFromEcsCategory(pick(f, 'event.category', 'event.category.0', 'category'));
  const hostName = pick(f, 'host.name', 'host.hostname', 'hostname', 'host') ?? raw.source.host ?? null;
  const userName = pick(f, 'user.name', 'user', 'username');
  const srcIp = pick(f, 'source.ip', 'src_ip', 'src');
  const dstIp = pick(f, 'destination.ip', 'dst_ip', 'dst');
  const processName = pick(f, 'process.name');
  const commandLine = pick(f, 'process.command_line');
  const tags = pick(f, 'tags');

  return {
    id: raw.id,
    tenant: raw.tenant,
    time,
    ingestTime: now,
    source: { type: raw.source.type, name: raw.source.name },
    className,
    classUid: EVENT_CLASSES[className],
    action: pick(f, 'event.action', 'action') ?? null,
    outcome: outcome(pick(f, 'event.outcome', 'outcome')),
    severity: Math.max(0, Math.min(10, Number(pick(f, 'event.severity', 'severity') ?? 0) || 0)),
    host: hostName || pick(f, 'host.ip') ? { name: hostName, ip: pick(f, 'host.ip') ?? null } : null,
    user: userName ? { name: userName, domain: pick(f, 'user.domain') ?? null } : null,
    src: srcIp ? { ip: srcIp, port: port(pick(f, 'source.port')) } : null,
    dst: dstIp ? { ip: dstIp, port: port(pick(f, 'destination.port')) } : null,
    process:
      processName || commandLine
        ? {
            pid: int(pick(f, 'process.pid')),
            name: processName ?? null,
            executable: pick(f, 'process.executable') ?? null,
            commandLine: commandLine ?? null,
            parentName: pick(f, 'process.parent.name') ?? null,
            parentCommandLine: pick(f, 'process.parent.command_line') ?? null,
          }
        : null,
    service: pick(f, 'service.name', 'service') ?? null,
    message: pick(f, 'message') ?? null,
    tags: tags ? tags.split(',') : [],
    original: f,
    rawText: text.length > MAX_RAW_TEXT ? text.slice(0, MAX_RAW_TEXT) + TRUNCATED : text,
    attackTechniques: [],
    late: false,
    parseWarnings: warnings,
  };
}
