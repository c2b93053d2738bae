import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The folder of Quell's numbered migrations. From source this is ../migrations; a build copies the
 * folder beside the compiled lib, so the same relative path holds there.
 */
export const EVENTS_MIGRATIONS_DIR = [join(__dirname, '..', 'migrations'), join(process.cwd(), 'libs/platform/clickhouse/migrations')].find(
  (dir) => existsSync(dir),
) ?? join(__dirname, '..', 'migrations');
