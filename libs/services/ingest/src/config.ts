import { z } from 'zod';
import { baseServiceSchema, intInRange, secret } from '@quell/platform-config';

export const ingestConfigSchema = baseServiceSchema({ serviceName: 'ingest', httpPort: 8080 }).extend({
  INGEST_API_KEYS: secret().describe('Comma-separated `tenant:key` pairs; callers send `Authorization: Bearer <key>`. Keys are kept only as hashes.'),
  INGEST_DEFAULT_TENANT: z.string().min(1).default('default').describe('Tenant of records on the shipper topic that carry no `quell.tenant` header.'),
  INGEST_MAX_BODY_BYTES: intInRange(1024, 100 * 1024 * 1024).default(5 * 1024 * 1024).describe('Largest HTTP body accepted (413 above).'),
  INGEST_MAX_EVENTS: intInRange(1, 100_000).default(10_000).describe('Most events accepted in one HTTP request (413 above).'),
});

export type IngestConfig = z.infer<typeof ingestConfigSchema>;
