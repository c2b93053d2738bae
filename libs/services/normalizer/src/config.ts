import type { z } from 'zod';
import { baseServiceSchema } from '@quell/platform-config';

export const normalizerConfigSchema = baseServiceSchema({ serviceName: 'normalizer', httpPort: 8081 });
export type NormalizerConfig = z.infer<typeof normalizerConfigSchema>;
