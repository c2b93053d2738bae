import type { z } from 'zod';
import { baseServiceSchema } from '@quell/platform-config';

export const incidentManagerConfigSchema = baseServiceSchema({ serviceName: 'incident-manager', httpPort: 8085 });
export type IncidentManagerConfig = z.infer<typeof incidentManagerConfigSchema>;
