import { z } from 'zod';
import { RESOLUTION_CODES } from '@quell/incidents';
import type { IncidentCursor } from '@quell/platform-incident-history';

/** Incident ids are derived UUIDs; a path segment of plain characters either way. */
export const incidentIdSchema = z.string().regex(/^[\w.:-]{1,128}$/, 'must be 1–128 letters, digits, or . _ : -');

export const INCIDENT_STATUSES = ['open', 'acknowledged', 'resolved', 'closed'] as const;
/** The most incidents one page lists. */
export const MAX_PAGE_LIMIT = 200;

/** Years 1 to 9999: ClickHouse reads a DateTime64 parameter of four-digit years only (year 33658 was a 500). */
const FIRST_INSTANT = Date.parse('0001-01-01T00:00:00.000Z');
const LAST_INSTANT = Date.parse('9999-12-31T23:59:59.999Z');

/** Epoch ms or ISO 8601; one schema, so a bad value is told what to send (a union only says "Invalid input"). */
export const instantParam = z.string().transform((text, ctx) => {
  const ms = /^\d{1,15}$/.test(text) ? Number(text) : Date.parse(text);
  if (ms >= FIRST_INSTANT && ms <= LAST_INSTANT) return ms;
  ctx.addIssue({ code: 'custom', message: 'must be epoch ms or ISO 8601, e.g. 2026-12-03T08:00:00Z' });
  return z.NEVER;
});

/** `a,b` or a repeated parameter (`?status=open&status=acknowledged`), as a list to check item by item. */
const csv = z
  .union([z.string(), z.array(z.string())])
  .transform((value) => (Array.isArray(value) ? value : [value]).flatMap((part) => part.split(',')).map((part) => part.trim()).filter(Boolean));

const text = (max: number) => z.string().trim().min(1).max(max);

/** GET /v1/incidents: every filter optional, all given ones must hold; paged by an opaque cursor. */
export const listQuerySchema = z
  .object({
    status: csv.pipe(z.array(z.enum(INCIDENT_STATUSES)).min(1)).optional(),
    priority: csv.pipe(z.array(z.string().regex(/^[1-5]$/, 'priority is 1 to 5').transform(Number)).min(1)).optional(),
    service: text(200).optional(),
    entity: text(300).describe('type:value (host:web-1) or a bare value for any type').optional(),
    rule: text(200).optional(),
    assignee: text(200).optional(),
    from: instantParam.optional(),
    to: instantParam.optional(),
    q: text(200).describe('case-insensitive text in the title, id, entities or assignee').optional(),
    limit: z.coerce.number().int().min(1).max(MAX_PAGE_LIMIT).default(50),
    cursor: z.string().max(400).optional(),
  })
  .strict()
  .refine((q) => q.from === undefined || q.to === undefined || q.from < q.to, { path: ['to'], message: 'must be after from' });
export type ListQuery = z.infer<typeof listQuerySchema>;

/** Every action body may carry the version read, as If-Match does. */
const expectedVersion = z.number().int().min(1).optional().describe('the version read (instead of If-Match)');
const note = z.string().trim().min(1).max(4_000).optional();

/** Strict bodies: a misspelt field (`asignee`, `resolutoin`) is a 400 naming it, not an action silently done without it. */
export const acknowledgeSchema = z.strictObject({ comment: note, expectedVersion }).default({});
export const assignSchema = z.strictObject({ assignee: z.string().trim().min(1).max(200).nullable().describe('null to unassign'), expectedVersion });
export const commentSchema = z.strictObject({ text: z.string().trim().min(1, 'text is required').max(4_000), expectedVersion });
export const prioritySchema = z.strictObject({
  priority: z.number().int('priority is a whole number').min(1, 'priority is 1 (page now) to 5 (backlog)').max(5, 'priority is 1 (page now) to 5 (backlog)'),
  reason: z.string({ error: 'a reason is required' }).trim().min(1, 'a reason is required').max(1_000),
  expectedVersion,
});
export const resolveSchema = z.strictObject({
  resolution: z.enum(RESOLUTION_CODES, { error: `must be one of ${RESOLUTION_CODES.join(', ')}` }),
  comment: note,
  expectedVersion,
});
export const reopenSchema = z.strictObject({ reason: note, expectedVersion }).default({});
export const closeSchema = z.strictObject({ comment: note, expectedVersion }).default({});

/** The cursor is the last item's sort key, opaque to clients. */
export const encodeCursor = (cursor: IncidentCursor): string => Buffer.from(JSON.stringify([cursor.lastSeen, cursor.id]), 'utf8').toString('base64url');

export function decodeCursor(text: string): IncidentCursor | null {
  try {
    const [lastSeen, id] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown[];
    return Number.isSafeInteger(lastSeen) && typeof id === 'string' ? { lastSeen: lastSeen as number, id } : null;
  } catch {
    return null;
  }
}
