import type { z } from 'zod';
import { baseServiceSchema } from '@quell/platform-config';

export const correlatorConfigSchema = baseServiceSchema({ serviceName: 'correlator', httpPort: 8082 });
export type CorrelatorConfig = z.infer<typeof correlatorConfigSchema>;
