// The shape of tools/infra/start-infra.mjs, which is plain Node (the bootstrap runs it before
// `npm ci`) and lives outside every Nx project, so it is loaded at run time rather than imported.
import path from 'node:path';
import type { RunningService } from './running-service';

export interface StartedInfrastructure {
  env: { KAFKA_BROKERS: string; REDIS_URL: string };
  /** Only what was started for this run, not servers given through the environment. */
  services: RunningService[];
  /** The processes of the servers started here on this machine (a benchmark counts their CPU). */
  pids: { kafka?: number; redis?: number };
  stop(): Promise<void>;
}

export interface InfraStarters {
  kafka?: () => Promise<RunningService>;
  redis?: () => Promise<RunningService>;
}

interface InfraModule {
  startInfrastructure(options: {
    env?: Record<string, string | undefined>;
    cacheDir?: string;
    starters?: InfraStarters;
  }): Promise<StartedInfrastructure>;
}

export const REPO_ROOT = path.resolve(__dirname, '../../../../..');

export async function loadInfraModule(): Promise<InfraModule> {
  // An absolute path, not a file URL: jest loads this file through the first project's SWC
  // transform, which turns import() into require(), and Node 24 requires an ES module by path.
  return (await import(path.join(REPO_ROOT, 'tools', 'infra', 'start-infra.mjs'))) as InfraModule;
}
