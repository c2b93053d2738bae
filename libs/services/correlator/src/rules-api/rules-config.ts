import { z } from 'zod';
import { intInRange } from '@quell/platform-config';
import { loadMappingPipelines, SHIPPED_PIPELINES_DIR } from '@quell/rules';
import { rulesApiKeysSetting } from './rules-api-keys';
import type { RulesCatalogModuleOptions } from './rules-tokens';

/**
 * The rules catalog's configuration keys, to `.extend()` a service schema with
 * (`correlatorConfigSchema.extend(RULES_CONFIG_SHAPE)`).
 */
export const RULES_CONFIG_SHAPE = {
  RULES_DIR: z
    .string()
    .min(1)
    .default('.quell-data/rules')
    .describe('Directory of Sigma rules (detection and correlation, *.yml/*.yaml, read recursively; created when missing); reloaded on change without restart, and written by the rules API.'),
  RULES_API_KEYS: rulesApiKeysSetting()
    .optional()
    .describe(
      'Keys of the rules API as comma-separated `name:key` (read and write) or `name:key:read` (read only), the key in plaintext or as `sha256:<hex>` (`quell keys hash`); callers send `Authorization: Bearer <key>`. Unset: the API answers 401.',
    ),
  RULES_PIPELINE_DIRS: z
    .string()
    .optional()
    .transform((spec, ctx) => {
      const dirs = (spec ?? '').split(',').map((d) => d.trim()).filter((d) => d !== '');
      try {
        // Loaded once here so a bad file stops the boot with its name and key, not the first event.
        loadMappingPipelines([...dirs, SHIPPED_PIPELINES_DIR]);
        return dirs;
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    })
    .describe('Comma-separated folders of extra Sigma mapping pipelines (*.yml, the format of libs/rules/pipelines), read before the shipped ones so a user source can take over events; read at boot.'),
  RULES_RELOAD_DEBOUNCE_MS: intInRange(0, 60_000).default(250).describe('Quiet time after a change in RULES_DIR before the rules are reloaded.'),
  RULES_POLL_INTERVAL_MS: intInRange(0, 3_600_000).default(5_000).describe('Periodic check of RULES_DIR for changes fs.watch misses (network file systems); 0 = off.'),
  RULES_API_MAX_BODY_BYTES: intInRange(1024, 10 * 1024 * 1024).default(1024 * 1024).describe('Largest rule file accepted by the rules API (413 above).'),
};

export type RulesConfig = z.infer<z.ZodObject<typeof RULES_CONFIG_SHAPE>>;

export function rulesCatalogOptionsFrom(config: RulesConfig): RulesCatalogModuleOptions {
  return {
    dir: config.RULES_DIR,
    apiKeys: config.RULES_API_KEYS,
    debounceMs: config.RULES_RELOAD_DEBOUNCE_MS,
    pollIntervalMs: config.RULES_POLL_INTERVAL_MS,
    maxBodyBytes: config.RULES_API_MAX_BODY_BYTES,
  };
}
