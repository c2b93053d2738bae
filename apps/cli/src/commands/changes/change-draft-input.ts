import { parseItsmDateTime } from '@quell/calendar';
import { parseYamlWithinLimits } from '@quell/input-limits';

/** `quell changes add` flags; each one given replaces that field of the file's draft. */
export interface DraftFlags {
  title?: string;
  ticket?: string;
  kind?: string;
  owner?: string;
  host?: string[];
  ip?: string[];
  service?: string[];
  tag?: string[];
  'event-class'?: string[];
  action?: string[];
  rule?: string[];
  start?: string;
  end?: string;
  duration?: string;
  'time-zone'?: string;
  rrule?: string;
  exdate?: string[];
}

/** Bad flags or an unreadable file: the command's usage error. */
export class DraftInputError extends Error {}

const SCOPE_FLAGS = { host: 'hosts', ip: 'ips', service: 'services', tag: 'tags', 'event-class': 'eventClasses', action: 'actions', rule: 'rules' } as const;

/**
 * The body of POST /v1/changes from a file (JSON or YAML, the API's shape) and flags. Only the
 * shape is built here; the server validates the change and names each bad field.
 */
export function draftFrom(fileText: string | undefined, flags: DraftFlags): Record<string, unknown> {
  const draft = fileText === undefined ? {} : fileDraft(fileText);
  if (flags.title !== undefined) draft.title = flags.title;
  if (flags.ticket !== undefined) draft.ticketRef = flags.ticket;
  if (flags.kind !== undefined) draft.kind = flags.kind;
  if (flags.owner !== undefined) draft.owner = flags.owner;
  const scope = isObject(draft.scope) ? { ...draft.scope } : {};
  for (const [flag, field] of Object.entries(SCOPE_FLAGS)) {
    const values = flags[flag as keyof typeof SCOPE_FLAGS];
    if (values && values.length > 0) scope[field] = values;
  }
  if (Object.keys(scope).length > 0 || draft.scope !== undefined) draft.scope = scope;
  const window = windowFrom(flags);
  if (window) draft.windows = [window];
  return draft;
}

function fileDraft(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    // YAML is a superset of JSON, so one reader (with its limits on size, depth and aliases) takes both.
    value = parseYamlWithinLimits(text);
  } catch (error) {
    throw new DraftInputError(`the change file cannot be read: ${(error as Error).message}`);
  }
  if (!isObject(value)) throw new DraftInputError('the change file must hold one object (title, ticketRef, kind, owner, scope, windows)');
  return { ...value };
}

/** One window from --start with --end or --duration; a time without an offset is read in --time-zone. */
function windowFrom(flags: DraftFlags): Record<string, unknown> | undefined {
  const given = flags.start ?? flags.end ?? flags.duration ?? flags.rrule ?? flags['time-zone'] ?? flags.exdate?.[0];
  if (given === undefined) return undefined;
  if (!flags.start) throw new DraftInputError('a window from flags needs --start, and --end or --duration');
  if ((flags.end === undefined) === (flags.duration === undefined)) throw new DraftInputError('give exactly one of --end and --duration');
  const timeZone = flags['time-zone'] ?? 'UTC';
  const window: Record<string, unknown> = { start: instant('--start', flags.start, timeZone), timeZone };
  if (flags.end !== undefined) window.end = instant('--end', flags.end, timeZone);
  if (flags.duration !== undefined) {
    if (!/^\d{1,6}$/.test(flags.duration)) throw new DraftInputError(`--duration must be whole minutes, not "${flags.duration}"`);
    window.durationMinutes = Number(flags.duration);
  }
  if (flags.rrule !== undefined) window.rrule = flags.rrule.replace(/^RRULE:/i, '');
  if (flags.exdate?.length) window.exdates = flags.exdate.map((text) => instant('--exdate', text, timeZone));
  return window;
}

function instant(flag: string, text: string, timeZone: string): number {
  let parsed: number | string;
  try {
    parsed = parseItsmDateTime(text, timeZone);
  } catch {
    throw new DraftInputError(`--time-zone: unknown time zone "${timeZone}" (use an IANA name such as Europe/Berlin)`);
  }
  if (typeof parsed === 'string') throw new DraftInputError(`${flag}: ${parsed}`);
  return parsed;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
