import { z } from 'zod';
import { baseServiceSchema, intInRange } from '@quell/platform-config';
import { apiKeyListSetting } from '@quell/platform-http';
import { inboundSettings } from './inbound/inbound-config';

export const incidentManagerConfigSchema = baseServiceSchema({ serviceName: 'incident-manager', httpPort: 8085 }).extend({
  INCIDENT_STATE_TTL_MS: intInRange(3600 * 1000, 365 * 24 * 3600 * 1000)
    .default(30 * 24 * 3600 * 1000)
    .describe('How long an incident\'s state is kept after its last change (ms); a later alert of an expired incident opens a new one.'),
  INCIDENTS_API_KEYS: apiKeyListSetting()
    .optional()
    .describe(
      'Comma-separated `tenant:name:scope:key` entries for the incidents API (scope read: list, read, stream; write: acknowledge, assign, comment, priority, resolve, reopen, close, the key\'s name recorded as who). Unset: every API call is refused (401).',
    ),
  INCIDENT_STREAM_HEARTBEAT_MS: intInRange(1_000, 300_000)
    .default(15_000)
    .describe('How often GET /v1/incidents/stream sends a heartbeat comment when nothing changed (ms), so proxies keep the connection open.'),
}).extend(inboundSettings);
export type IncidentManagerConfig = z.infer<typeof incidentManagerConfigSchema>;
