import { z } from 'zod';
import { baseServiceSchema, intInRange } from '@quell/platform-config';

export const incidentManagerConfigSchema = baseServiceSchema({ serviceName: 'incident-manager', httpPort: 8085 }).extend({
  INCIDENT_STATE_TTL_MS: intInRange(3600 * 1000, 365 * 24 * 3600 * 1000)
    .default(30 * 24 * 3600 * 1000)
    .describe('How long an incident\'s state is kept after its last change (ms); a later alert of an expired incident opens a new one.'),
});
export type IncidentManagerConfig = z.infer<typeof incidentManagerConfigSchema>;
