import { z } from 'zod';
import { intInRange } from '@quell/platform-config';

/**
 * The watchlist keys of the correlator's configuration, to spread into its schema:
 * `baseServiceSchema(…).extend({ ...intelConfigShape })`.
 */
export const intelConfigShape = {
  WATCHLISTS_DIR: z
    .string()
    .min(1)
    .optional()
    .describe('Directory of watchlists (.csv, .json, STIX 2.1 bundles as .json), one list per file named after it; reloaded on change. Without it no watchlist is loaded.'),
  WATCHLISTS_DEBOUNCE_MS: intInRange(0, 60_000).default(250).describe('Quiet time after a change in the watchlist directory before reloading, in ms.'),
  WATCHLISTS_POLL_MS: intInRange(0, 3_600_000).default(5_000).describe('Periodic check of the watchlist directory for missed changes, in ms (0 = off).'),
};

export type IntelConfig = z.infer<z.ZodObject<typeof intelConfigShape>>;
