import type { Alert } from '@quell/contracts';

/** How long the OCSF publisher waits for the alert history to store alerts a version names. */
export const ALERT_WAIT_MS = 1_000;

/** Where the alerts a version names are found. */
export interface AlertSources {
  /** Those of `ids` this process stored lately (see RecentlyStoredAlerts): no query. */
  recent: (ids: readonly string[]) => Alert[];
  /** Reads those of `ids` that the alert history holds, whoever stored them. */
  read: (ids: readonly string[]) => Promise<Alert[]>;
  /** Resolves when this process stores alerts next, or after `ms`. */
  nextStore: (ms: number) => Promise<void>;
}

export interface AlertWaitOptions {
  timeoutMs?: number;
  now: () => number;
}

/**
 * The stored alerts among `ids`, in the order of `ids`, waiting at most `timeoutMs` for those
 * missing. The alert history is another consumer group of the same service: a new incident's
 * version usually comes here a moment before its first alert is stored, and its OCSF "Create"
 * record should detail that alert. Alerts this process stored lately are taken without a query;
 * the history is read for the others, once, and again each time this process stores alerts or the
 * wait ends (another replica may have stored them). After the wait, what is there is enough (a
 * missing alert is named by id only).
 */
export async function alertsAtHand(ids: ReadonlySet<string>, sources: AlertSources, options: AlertWaitOptions): Promise<Alert[]> {
  const deadline = options.now() + (options.timeoutMs ?? ALERT_WAIT_MS);
  const found = new Map<string, Alert>();
  const missing = () => [...ids].filter((id) => !found.has(id));
  const take = (alerts: readonly Alert[]) => alerts.forEach((alert) => found.set(alert.id, alert));
  take(sources.recent([...ids]));
  if (found.size < ids.size) take(await sources.read(missing()));
  while (found.size < ids.size && options.now() < deadline) {
    await sources.nextStore(deadline - options.now());
    take(sources.recent(missing()));
    if (found.size < ids.size) take(await sources.read(missing()));
  }
  return [...ids].flatMap((id) => found.get(id) ?? []);
}
