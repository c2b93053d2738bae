import { isIP } from 'node:net';
import { z } from 'zod';
import { CHANGE_STATUSES } from '@quell/calendar';

/** Change ids are ours (UUIDs) or an import's; a path segment of plain characters either way. */
export const changeIdSchema = z.string().regex(/^[\w.:-]{1,128}$/, 'must be 1–128 letters, digits, or . _ : -');

// Strict: a misspelt `coment` would otherwise be dropped and the decision recorded without it.
export const decisionSchema = z
  .strictObject({ comment: z.string().trim().min(1).max(2_000).nullable().default(null) })
  .default({ comment: null });
export type DecisionBody = z.infer<typeof decisionSchema>;

const instantParam = z.union(
  [
    z.string().regex(/^\d{1,15}$/).transform(Number),
    z.string().refine((text) => !Number.isNaN(Date.parse(text))).transform((text) => Date.parse(text)),
  ],
  // On the union, or zod answers "Invalid input" when neither form matches.
  { error: 'must be epoch ms or ISO 8601, e.g. 2026-03-02T00:00:00Z' },
);

/**
 * GET /v1/changes: every filter optional; paging by an opaque cursor (the last id of the page
 * before). An unknown parameter is a 400: a misspelt filter (`hosts=`) would otherwise list everything.
 */
export function searchQuerySchema(maxLimit: number) {
  return z
    .strictObject({
      from: instantParam.optional(),
      to: instantParam.optional(),
      host: z.string().trim().min(1).max(253).optional(),
      ip: z.string().trim().refine((ip) => isIP(ip) !== 0, 'must be an IP address, e.g. 10.0.0.5').optional(),
      service: z.string().trim().min(1).max(200).optional(),
      tag: z.string().trim().min(1).max(200).optional(),
      status: z.enum(CHANGE_STATUSES).optional(),
      ticketRef: z.string().trim().min(1).max(100).optional(),
      limit: z.coerce.number().int().min(1).max(maxLimit).default(Math.min(100, maxLimit)),
      // A mangled cursor would otherwise page past every id and answer an empty, final page.
      cursor: z
        .string()
        .max(400)
        .refine((cursor) => changeIdSchema.safeParse(decodeCursor(cursor)).success, 'not a cursor this listing handed out')
        .optional(),
    })
    .refine((q) => q.from === undefined || q.to === undefined || q.from < q.to, { path: ['to'], message: 'must be after from' });
}
export type SearchQuery = z.infer<ReturnType<typeof searchQuerySchema>>;

/**
 * GET /v1/changes/{id}/suppressed-alerts: alerts first seen in [from, to), paged by cursor. An
 * unknown parameter is a 400: a misspelt `from` would otherwise list everything.
 */
export function suppressedQuerySchema(maxLimit: number) {
  return z
    .strictObject({
      from: instantParam.optional(),
      to: instantParam.optional(),
      limit: z.coerce.number().int().min(1).max(maxLimit).default(Math.min(100, maxLimit)),
      cursor: z
        .string()
        .max(400)
        .transform((cursor, ctx) => {
          const position = decodePosition(cursor);
          if (!position) ctx.addIssue({ code: 'custom', message: 'not a cursor this listing handed out' });
          return position ?? z.NEVER;
        })
        .optional(),
    })
    .refine((q) => q.from === undefined || q.to === undefined || q.from < q.to, { path: ['to'], message: 'must be after from' });
}
export type SuppressedQuery = z.infer<ReturnType<typeof suppressedQuerySchema>>;

/** A suppressed-alert listing's cursor: the first-seen time and id of the page's last alert. */
export const encodePosition = (position: { firstSeen: number; id: string }) => encodeCursor(`${position.firstSeen}:${position.id}`);

function decodePosition(cursor: string): { firstSeen: number; id: string } | null {
  const match = /^(\d{1,15}):(.+)$/s.exec(decodeCursor(cursor));
  return match ? { firstSeen: Number(match[1]), id: match[2] } : null;
}

export const encodeCursor = (id: string) => Buffer.from(id, 'utf8').toString('base64url');
export const decodeCursor = (cursor: string) => Buffer.from(cursor, 'base64url').toString('utf8');
