// kafkajs 2.2.4 (its last release) keeps a 1 ms timer loop running on every broker connection
// for as long as the connection lives: RequestQueue.scheduleCheckPendingRequests schedules a
// check even when nothing is pending and nothing is throttled, with a delay of
// `throttledUntil - Date.now()` = -1 - now, which Node runs after 1 ms (and since Node 24 warns
// about: TimeoutNegativeWarning). Each check schedules the next. An idle kafkajs consumer costs
// about 2% of a core for it (tools/bench/idle-cost-distributed.ts). Upstream: tulios/kafkajs
// #1556, #1704, #1751, fixes in open pull requests #1667 and #1768 that no release carries.
//
// The replacement schedules a check only when one can do something: requests are pending (after
// the throttle if there is one, else after kafkajs's 10 ms interval, as before), or the queue is
// throttled. A request pushed later schedules its own check, and a request completing checks the
// queue at once, as before, so nothing waits longer than it did.
import { createRequire } from 'node:module';

const CHECK_PENDING_REQUESTS_INTERVAL_MS = 10;

interface RequestQueue {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

function scheduleCheckPendingRequests(this: RequestQueue): void {
  if (this.throttleCheckTimeoutId) return;
  const untilUnthrottled = this.throttledUntil - Date.now();
  let delay: number;
  if (this.pending.length > 0) delay = untilUnthrottled > 0 ? untilUnthrottled : CHECK_PENDING_REQUESTS_INTERVAL_MS;
  else if (untilUnthrottled > 0) delay = untilUnthrottled;
  else return;
  this.throttleCheckTimeoutId = setTimeout(() => {
    this.throttleCheckTimeoutId = null;
    this.checkPendingRequests();
  }, delay);
}

let applied = false;

/** Replaces kafkajs's RequestQueue.scheduleCheckPendingRequests for the whole process; idempotent. */
export function fixKafkajsIdleLoop(): void {
  if (applied) return;
  applied = true;
  const requireFromHere = createRequire(__filename);
  const queue = requireFromHere('kafkajs/src/network/requestQueue') as { prototype: RequestQueue };
  queue.prototype.scheduleCheckPendingRequests = scheduleCheckPendingRequests;
}
