import { DependencyUnavailableError } from '@quell/platform-kafka';

/**
 * Runs a ClickHouse write or read of the history. A failure is ClickHouse being away (server down,
 * table detached, disk full), not the records' fault: as a dependency outage the delivery policy
 * retries the batch for as long as it lasts and never dead-letters it, so an outage loses nothing
 * (the normalizer's history writer does the same).
 */
export async function duringHistoryOutage<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new DependencyUnavailableError(`ClickHouse did not ${what}: ${(error as Error).message}`, { cause: error });
  }
}
