import { z } from 'zod';
import { ITSM_SOURCES } from '@quell/calendar';

const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/**
 * POST /v1/changes/import: which ITSM, which export format (else from Content-Type), the export's
 * zone. Strict: a misspelt `dryrun=true` would otherwise write the import it meant to preview.
 */
export const importQuerySchema = z.strictObject({
  source: z.enum(ITSM_SOURCES),
  format: z.enum(['csv', 'json']).optional(),
  timeZone: z.string().min(1).max(64).optional(),
  dryRun: flag.default(false),
});
export type ImportQuery = z.infer<typeof importQuerySchema>;

/** POST /v1/changes/webhook: one pushed record; the tenant names whose secret signs it. */
export const webhookQuerySchema = z.object({
  tenant: z.string().min(1).max(100),
  source: z.enum(ITSM_SOURCES),
  timeZone: z.string().min(1).max(64).optional(),
});
export type WebhookQuery = z.infer<typeof webhookQuerySchema>;

/** The export format from the query, else the Content-Type; neither says: a 415 names both ways. */
export function importFormatOf(query: ImportQuery, contentType: string | undefined): 'csv' | 'json' | undefined {
  if (query.format) return query.format;
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'text/csv' || type === 'application/csv') return 'csv';
  if (type === 'application/json') return 'json';
  return undefined;
}
