import type { z } from 'zod';
import { baseServiceSchema } from '@quell/platform-config';

export const changeCalendarConfigSchema = baseServiceSchema({ serviceName: 'change-calendar', httpPort: 8083 });
export type ChangeCalendarConfig = z.infer<typeof changeCalendarConfigSchema>;
