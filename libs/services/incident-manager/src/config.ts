import { z } from 'zod';
import { baseServiceSchema, commaList, intInRange } from '@quell/platform-config';
import { DEFAULT_GROUPING_POLICY, parseGroupingOverrides } from '@quell/incidents';
import { apiKeyListSetting } from '@quell/platform-http';
import { consoleSettings } from './console/console-settings';
import { inboundSettings } from './inbound/inbound-config';

/** Bounds of the grouping window: a minute to a week. */
const GROUPING_WINDOW = { min: 60_000, max: 7 * 24 * 3600 * 1000 } as const;

export const incidentManagerConfigSchema = baseServiceSchema({ serviceName: 'incident-manager', httpPort: 8085 }).extend({
  INCIDENT_STATE_TTL_MS: intInRange(3600 * 1000, 365 * 24 * 3600 * 1000)
    .default(30 * 24 * 3600 * 1000)
    .describe('How long an incident\'s state is kept after its last change (ms); a later alert of an expired incident opens a new one.'),
  INCIDENT_HISTORY_BATCH_MAX_WAIT_MS: intInRange(0, 10_000)
    .default(500)
    .describe(
      'How long the alert and incident history groups let a fetch fill before storing it in ClickHouse (ms): an insert costs the engine about the same for one row as for fifty, so at alert rates a longer wait means fewer, fuller inserts; the stored history and the OCSF findings lag by up to this. 0: store each fetch as it comes.',
    ),
  INCIDENTS_API_KEYS: apiKeyListSetting()
    .optional()
    .describe(
      'Comma-separated `tenant:name:scope:key` entries for the incidents API (scope read: list, read, stream; write: acknowledge, assign, comment, priority, resolve, reopen, close, the key\'s name recorded as who). Unset: every API call is refused (401).',
    ),
  INCIDENT_STREAM_HEARTBEAT_MS: intInRange(1_000, 300_000)
    .default(15_000)
    .describe('How often GET /v1/incidents/stream sends a heartbeat comment when nothing changed (ms), so proxies keep the connection open.'),
  INCIDENT_STREAM_MAX_CONNECTIONS_PER_TENANT: intInRange(1, 10_000)
    .default(50)
    .describe('Most GET /v1/incidents/stream connections one tenant may hold open on one replica; one more is refused with 429 and Retry-After until one closes.'),
  INCIDENT_GROUPING_WINDOW_MS: intInRange(GROUPING_WINDOW.min, GROUPING_WINDOW.max)
    .default(DEFAULT_GROUPING_POLICY.windowMs)
    .describe('An alert joins an open incident sharing one of its grouping entities when it comes at most this long after the incident\'s last alert (event time, ms); later, it opens a new incident.'),
  INCIDENT_GROUPING_ENTITY_TYPES: commaList()
    .pipe(z.array(z.string().regex(/^[a-z][a-z0-9_.-]{0,63}$/, 'an entity type is lower-case letters, digits, . _ -')).min(1, 'name at least one entity type'))
    .default([...DEFAULT_GROUPING_POLICY.entityTypes])
    .describe('Comma-separated entity types that group alerts into one incident (host, user, ip, service, …).'),
  INCIDENT_GROUPING_TENANTS: z
    .string()
    .transform((text, ctx) => {
      try {
        return parseGroupingOverrides(text, { minWindowMs: GROUPING_WINDOW.min, maxWindowMs: GROUPING_WINDOW.max });
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    })
    .default({})
    .describe('Per-tenant grouping, comma-separated `<tenant>.windowMs=<ms>` and `<tenant>.entityTypes=<type>+<type>`, e.g. `acme.windowMs=7200000,acme.entityTypes=host+user`.'),
  INCIDENT_SERVICE_CATALOG_FILE: z
    .string()
    .min(1)
    .optional()
    .describe('Service catalog (YAML: criticality per service, business hours per tenant) for incident priority; reloaded on change, a bad edit keeping the last good one; a bad file stops the start. Unset: no service is critical, business hours 08:00–18:00 Monday to Friday UTC.'),
  INCIDENT_ASSET_INVENTORY_FILE: z
    .string()
    .min(1)
    .optional()
    .describe('Asset inventory (YAML, JSON or CSV, as NORMALIZER_ASSET_INVENTORY) whose criticality and service weigh in incident priority; reloaded on change; a bad file stops the start.'),
}).extend(inboundSettings).extend(consoleSettings);
export type IncidentManagerConfig = z.infer<typeof incidentManagerConfigSchema>;
