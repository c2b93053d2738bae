import { z } from 'zod';
import type { ChangeScope, ChangeWindow } from '@quell/contracts';
import { MAX_HOST_PATTERN_LENGTH } from './host-glob';
import { isIpRange } from './ip-range';
import { checkRecurrence } from './recurrence-check';
import { isKnownTimeZone } from './time-zone';
import { INSTANT_FORMAT, isoInstant, MAX_INSTANT_MS } from './iso-instant';

/** Limits set by configuration (the change-calendar service reads them at start-up). */
export interface ChangeLimits {
  /** Longest window (one occurrence) accepted, ms. */
  maxWindowMs: number;
}

export const CHANGE_KINDS = ['normal', 'standard', 'emergency', 'freeze'] as const;
export const CHANGE_STATUSES = ['requested', 'approved', 'rejected', 'cancelled', 'completed'] as const;

/** An instant: epoch milliseconds, or ISO 8601 with Z or an offset (a bare wall time is ambiguous). */
const instant = z.union(
  [
    z.number().int().nonnegative().max(MAX_INSTANT_MS, { abort: true }), // abort: the window checks would format it as a date
    z.string().transform((text, ctx) => {
      const epochMs = isoInstant(text);
      if (epochMs === null) ctx.addIssue({ code: 'custom', message: INSTANT_FORMAT });
      return epochMs ?? z.NEVER;
    }),
  ],
  // Without it zod answers a string that is no date-time with a bare "Invalid input".
  { error: INSTANT_FORMAT },
);

const names = (max: number) => z.array(z.string().trim().min(1).max(max)).max(1_000).default([]);

/**
 * How a schema treats fields it does not know: the HTTP API refuses them (a misspelt field would
 * otherwise vanish), an ITSM import row carries many of its own and they are dropped.
 */
type ObjectBuilder = <S extends z.core.$ZodLooseShape>(shape: S) => z.ZodObject<S>;
const objectBuilder = (strict: boolean): ObjectBuilder => (strict ? (shape) => z.strictObject(shape) as unknown as z.ZodObject<typeof shape> : (shape) => z.object(shape));

const scopeSchema = (object: ObjectBuilder) =>
  object({
    hosts: names(MAX_HOST_PATTERN_LENGTH),
    ips: z.array(z.string().trim().refine(isIpRange, 'must be an IP address or CIDR range, e.g. 10.0.0.0/8')).max(1_000).default([]),
    services: names(200),
    tags: names(200),
    eventClasses: names(100),
    actions: names(100),
    rules: names(200),
  })
  .refine((s) => s.hosts.length + s.ips.length + s.services.length + s.tags.length > 0, {
    message: 'scope names no host, IP, service or asset tag (an empty scope would cover every asset)',
  });

const windowSchema = (object: ObjectBuilder) =>
  object({
    start: instant,
    end: instant.optional(),
    durationMinutes: z.number().int().positive().optional(),
    timeZone: z.string().default('UTC'),
    rrule: z.string().trim().min(1).max(500).nullable().default(null),
    exdates: z.array(instant).max(1_000).default([]),
  })
  .refine((w) => (w.end === undefined) !== (w.durationMinutes === undefined), { message: 'give exactly one of end and durationMinutes' })
  .transform((w): ChangeWindow => ({
    start: w.start,
    end: w.end ?? w.start + (w.durationMinutes ?? 0) * 60_000,
    rrule: w.rrule,
    timeZone: w.timeZone,
    exdates: w.exdates,
  }));

/** The part of a change a user writes (API body, CLI flags, an import row), before ids and versions. */
export interface ChangeDraft {
  title: string;
  ticketRef: string | null;
  kind: (typeof CHANGE_KINDS)[number];
  status: (typeof CHANGE_STATUSES)[number];
  owner: string | null;
  scope: ChangeScope;
  windows: ChangeWindow[];
}

/**
 * The schema of a change as users write it, with clear messages: end before start, unknown time
 * zone, invalid RRULE, empty scope, a window longer than `limits.maxWindowMs`. Overlaps with
 * other changes are allowed (see findOverlaps).
 */
export function changeDraftSchema(limits: ChangeLimits, options: { strict?: boolean } = {}) {
  const object = objectBuilder(options.strict ?? false);
  return object({
    title: z.string().trim().min(1).max(300),
    ticketRef: z.string().trim().min(1).max(100).nullable().default(null),
    kind: z.enum(CHANGE_KINDS).default('normal'),
    status: z.enum(CHANGE_STATUSES).default('requested'),
    owner: z.string().trim().min(1).max(200).nullable().default(null),
    scope: scopeSchema(object),
    windows: z.array(windowSchema(object)).min(1, 'a change needs at least one window').max(100),
  })
  .superRefine((draft, ctx) => {
    draft.windows.forEach((window, index) => {
      for (const message of windowProblems(window, limits)) ctx.addIssue({ code: 'custom', path: ['windows', index], message });
    });
  }) satisfies z.ZodType<ChangeDraft, unknown>;
}

function windowProblems(window: ChangeWindow, limits: ChangeLimits): string[] {
  if (window.end <= window.start) return [`end (${iso(window.end)}) is not after start (${iso(window.start)})`];
  if (!isKnownTimeZone(window.timeZone)) return [`unknown time zone "${window.timeZone}" (use an IANA name such as Europe/Berlin)`];
  const problems: string[] = [];
  if (window.end - window.start > limits.maxWindowMs) {
    problems.push(`window lasts ${hours(window.end - window.start)} h, longer than the maximum of ${hours(limits.maxWindowMs)} h`);
  }
  const recurrence = window.rrule ? checkRecurrence(window) : null;
  if (recurrence) problems.push(recurrence);
  return problems;
}

const iso = (ms: number) => new Date(ms).toISOString();
const hours = (ms: number) => Math.round((ms / 3_600_000) * 100) / 100;

/** A problem found in user input, with the path of the offending value (e.g. windows.0.rrule). */
export interface InputProblem {
  path: string;
  message: string;
}

export type ParsedDraft = { ok: true; draft: ChangeDraft } | { ok: false; problems: InputProblem[] };

/**
 * Fields of a change the server sets (the GET representation's, beyond the draft). A body that
 * sends them back is refused with that reason rather than having them silently ignored: the
 * status moves only through approve, reject and cancel, and the version only through If-Match.
 */
const SERVER_OWNED_FIELDS = new Set(['id', 'tenant', 'approver', 'approvals', 'version']);

/** One schema per limits object: a service parses every request against the same limits. */
const schemasByLimits = new WeakMap<ChangeLimits, ReturnType<typeof changeDraftSchema>>();

/** A change as the HTTP API takes it: strict, so an unknown or server-owned field is a problem naming it. */
export function parseChangeDraft(input: unknown, limits: ChangeLimits): ParsedDraft {
  let schema = schemasByLimits.get(limits);
  if (!schema) schemasByLimits.set(limits, (schema = changeDraftSchema(limits, { strict: true })));
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, draft: result.data };
  return { ok: false, problems: result.error.issues.flatMap(problemsOf) };
}

function problemsOf(issue: z.core.$ZodIssue): InputProblem[] {
  if (issue.code !== 'unrecognized_keys') return [{ path: issue.path.join('.') || '(root)', message: issue.message }];
  // One problem per field, at its own path, so the answer names the field rather than its parent.
  return issue.keys.map((key) => ({
    path: [...issue.path, key].join('.'),
    message: issue.path.length === 0 && SERVER_OWNED_FIELDS.has(key) ? 'is set by the server and cannot be written; leave it out' : 'unknown field',
  }));
}
