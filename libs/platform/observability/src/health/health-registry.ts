import { Injectable } from '@nestjs/common';

export type ReadinessCheck = () => Promise<boolean>;

/**
 * Synchronous and cheap: true while the part can still recover by itself. False means only a
 * process restart helps (e.g. a consumer whose restarts were given up).
 */
export type LivenessCheck = () => boolean;

export interface LivenessReport {
  live: boolean;
  failed: string[];
}

/** Outcome of one check: passed, returned false, threw, or did not answer in time. */
export type CheckStatus = 'ok' | 'failed' | 'error' | 'timeout';

export interface CheckResult {
  status: CheckStatus;
  error?: string;
}

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, CheckResult>;
  failed: string[];
}

/**
 * Readiness checks registered by the adapters an app uses (Kafka, ClickHouse, Redis…).
 * The app is ready only when every check passes within its timeout.
 */
@Injectable()
export class HealthRegistry {
  private readonly checks = new Map<string, ReadinessCheck>();
  private readonly livenessChecks = new Map<string, LivenessCheck>();

  /** Adds a check; registering the same name again replaces it (e.g. after a reconnect). */
  register(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  unregister(name: string): void {
    this.checks.delete(name);
    this.livenessChecks.delete(name);
  }

  /** Adds a liveness check; registering the same name again replaces it. */
  registerLiveness(name: string, check: LivenessCheck): void {
    this.livenessChecks.set(name, check);
  }

  /** Live unless a check says the process cannot recover (a check that throws counts as failed). */
  liveness(): LivenessReport {
    const failed = [...this.livenessChecks]
      .filter(([, check]) => {
        try {
          return !check();
        } catch {
          return true;
        }
      })
      .map(([name]) => name);
    return { live: failed.length === 0, failed };
  }

  names(): string[] {
    return [...this.checks.keys()];
  }

  /** Runs every check concurrently; a check that hangs counts as failed after `timeoutMs`. */
  async evaluate(timeoutMs: number): Promise<ReadinessReport> {
    const entries = await Promise.all(
      [...this.checks].map(async ([name, check]) => [name, await runWithTimeout(check, timeoutMs)] as const),
    );
    const checks = Object.fromEntries(entries);
    const failed = entries.filter(([, result]) => result.status !== 'ok').map(([name]) => name);
    return { ready: failed.length === 0, checks, failed };
  }
}

async function runWithTimeout(check: ReadinessCheck, timeoutMs: number): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => resolve({ status: 'timeout', error: `no answer within ${timeoutMs} ms` }), timeoutMs);
  });
  const outcome = (async (): Promise<CheckResult> => {
    try {
      return (await check()) ? { status: 'ok' } : { status: 'failed' };
    } catch (error) {
      return { status: 'error', error: error instanceof Error ? error.message : String(error) };
    }
  })();
  try {
    return await Promise.race([outcome, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
