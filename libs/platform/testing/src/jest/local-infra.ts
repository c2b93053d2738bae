// Kafka and Redis as local processes, for machines without Docker (CI here): the broker runs
// from the Apache Kafka jars on Maven Central with the machine's Java, Redis from redis-server.
// The launchers are plain Node scripts in tools/infra so the test bootstrap can use them too.
import path from 'node:path';
// The launchers live outside every Nx project on purpose: the bootstrap runs them before `npm ci`.
// eslint-disable-next-line @nx/enforce-module-boundaries -- shared with tools/bootstrap, see above
import { startKafka } from '../../../../../tools/infra/kafka.mjs';
// eslint-disable-next-line @nx/enforce-module-boundaries -- shared with tools/bootstrap, see above
import { startRedis } from '../../../../../tools/infra/redis.mjs';
import type { RunningService } from './running-service';

export interface LocalInfraPaths {
  /** Where downloads are kept between runs (.cache at the repo root). */
  cacheDir: string;
  /** This run's server state and logs. */
  runDir: string;
}

export async function startLocalKafka({ cacheDir, runDir }: LocalInfraPaths): Promise<RunningService> {
  const kafka = await startKafka({ cacheDir, dataDir: path.join(runDir, 'kafka') });
  return { address: kafka.brokers, origin: `local broker (pid ${kafka.pid}, log ${kafka.logFile})`, stop: kafka.stop };
}

export async function startLocalRedis({ runDir }: LocalInfraPaths): Promise<RunningService> {
  const redis = await startRedis({ dataDir: path.join(runDir, 'redis') });
  return { address: redis.url, origin: `local redis-server (pid ${redis.pid})`, stop: redis.stop };
}
