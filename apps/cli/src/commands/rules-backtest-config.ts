import { z } from 'zod';
import { loadConfig, secret } from '@quell/platform-config';

/**
 * The ClickHouse keys of the services' configuration, with the same defaults, so the command reads
 * the history the all-in-one writes (CLICKHOUSE_DATA_DIR) or the server the services use.
 * (The services' schema cannot be reused as is: it also requires the Kafka keys.)
 */
const backtestConfigSchema = z.object({
  CLICKHOUSE_URL: z.url().optional(),
  CLICKHOUSE_USER: z.string().min(1).default('default'),
  CLICKHOUSE_PASSWORD: secret().optional(),
  CLICKHOUSE_DATABASE: z.string().min(1).default('quell'),
  CLICKHOUSE_DATA_DIR: z.string().min(1).default('.quell-data/clickhouse'),
});

export type BacktestConfig = z.infer<typeof backtestConfigSchema>;

export function loadBacktestConfig(env?: NodeJS.ProcessEnv): BacktestConfig {
  return loadConfig(backtestConfigSchema, env);
}
