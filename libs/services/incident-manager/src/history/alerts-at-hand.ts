import type { Alert } from '@quell/contracts';

/** How long the OCSF publisher waits for the alert history to store alerts a version names. */
export const ALERT_WAIT_MS = 1_000;
const ALERT_POLL_MS = 100;

export interface AlertWaitOptions {
  timeoutMs?: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

/**
 * The stored alerts among `ids`, read again while some are missing, for at most `timeoutMs`. The
 * alert history is another consumer group of the same service: a new incident's version usually
 * comes here a moment before its first alert is stored, and its OCSF "Create" record should detail
 * that alert. After the wait, what is there is enough (a missing alert is named by id only).
 */
export async function alertsAtHand(read: () => Promise<Alert[]>, ids: ReadonlySet<string>, options: AlertWaitOptions): Promise<Alert[]> {
  const deadline = options.now() + (options.timeoutMs ?? ALERT_WAIT_MS);
  let alerts = await read();
  while (alerts.length < ids.size && options.now() < deadline) {
    await options.sleep(ALERT_POLL_MS);
    alerts = await read();
  }
  return alerts;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
