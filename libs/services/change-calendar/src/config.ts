import type { z } from 'zod';
import { baseServiceSchema, intInRange } from '@quell/platform-config';
import { apiKeyListSetting } from '@quell/platform-http';

export const changeCalendarConfigSchema = baseServiceSchema({ serviceName: 'change-calendar', httpPort: 8083 }).extend({
  CHANGE_CALENDAR_API_KEYS: apiKeyListSetting().describe(
    'Comma-separated `tenant:name:scope:key` entries (scope read, write or admin; the key in plaintext or as `sha256:<hex>`). read: GET; write: create, update, cancel; admin: approve and reject.',
  ),
  CHANGE_MAX_WINDOW_HOURS: intInRange(1, 24 * 366)
    .default(72)
    .describe('Longest window (one occurrence) a change may have, in hours; a longer one is refused with a 400.'),
  CHANGE_SEARCH_MAX_LIMIT: intInRange(1, 10_000).default(500).describe('Most changes one page of GET /v1/changes returns.'),
});
export type ChangeCalendarConfig = z.infer<typeof changeCalendarConfigSchema>;
