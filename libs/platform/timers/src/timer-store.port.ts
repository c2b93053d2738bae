/** Work a service wants back later. Scheduling the same key again replaces the pending timer. */
export interface TimerRequest {
  /** The timer's identity: idempotent scheduling, cancel, and where it is stored. */
  key: string;
  /** Epoch ms; the timer never fires before it (by the store's clock, see TimerStore). */
  dueAt: number;
  /** Which handler gets it back (TimerService.register). */
  kind: string;
  /** Opaque to the store (the retry helper keeps JSON here). */
  payload: string;
  /** Whose timer it is: the per-tenant cap counts by it (default '_'). */
  tenant?: string;
}

/** A pending timer as the store holds it. */
export interface StoredTimer extends Required<TimerRequest> {
  /**
   * Identity of this scheduling of the key: the same on every refire of it, new when the key is
   * scheduled again. A handler makes its effect idempotent with it.
   */
  fireId: string;
  /** How often it was handed out (1 on the first fire, more after leases that expired). */
  fires: number;
}

export interface ClaimResult {
  timers: StoredTimer[];
  /**
   * When the earliest timer left in the store (due or leased) becomes claimable, in ms from now by
   * the store's clock; undefined when none is pending. The runner sleeps until then.
   */
  nextInMs?: number;
}

/**
 * Durable timers: a sorted set of due times with leases. `claim` hands due timers out atomically,
 * each leased for `leaseMs`; `ack` ends one; a lease that runs out makes it claimable again
 * (at-least-once: a crash between firing and ack refires it with the same fireId).
 * Due times are compared with the store's own clock (Redis: the server's TIME), never a replica's.
 */
export interface TimerStore {
  /** Adds or replaces the timer of `request.key`. Throws TimerCapacityError over the tenant's cap. */
  schedule(request: TimerRequest): Promise<void>;
  /** Removes the key's timer, pending or leased; true when there was one. */
  cancel(key: string): Promise<boolean>;
  get(key: string): Promise<StoredTimer | null>;
  /** Up to `limit` timers due now (or whose lease ran out), each now leased for `leaseMs`. */
  claim(leaseMs: number, limit: number): Promise<ClaimResult>;
  /** Removes the timer if it is still this fire (a key scheduled again meanwhile is kept). */
  ack(key: string, fireId: string): Promise<boolean>;
  /** Makes this fire claimable again in `delayMs` (a handler that failed), keeping its fireId. */
  release(key: string, fireId: string, delayMs: number): Promise<boolean>;
  /** Timers held (pending and leased). */
  size(): Promise<number>;
}

export const TIMER_STORE = Symbol('TIMER_STORE');

/** The tenant a request without one counts under. */
export const DEFAULT_TIMER_TENANT = '_';

/** A tenant holds as many timers as it may: the request is refused, never silently dropped. */
export class TimerCapacityError extends Error {
  readonly retriable = false;

  constructor(
    readonly tenant: string,
    readonly cap: number,
  ) {
    super(`tenant ${tenant} already holds its cap of ${cap} timers`);
    this.name = 'TimerCapacityError';
  }
}

/** A request the store cannot hold (bad due time, key, or a due time past the horizon). */
export class InvalidTimerError extends Error {
  readonly retriable = false;

  constructor(message: string) {
    super(message);
    this.name = 'InvalidTimerError';
  }
}

export interface TimerLimits {
  /** Timers one tenant may hold at once. */
  maxPerTenant: number;
  /** How far ahead a timer may be due (ms): nothing waits in the store for ever. */
  maxHorizonMs: number;
  /** Largest payload (UTF-8 bytes) a timer may carry. */
  maxPayloadBytes: number;
}

export const DEFAULT_TIMER_LIMITS: TimerLimits = { maxPerTenant: 100_000, maxHorizonMs: 30 * 24 * 3600_000, maxPayloadBytes: 1024 * 1024 };

/** Checks a request against the limits that do not need the store; returns its tenant. */
export function checkedRequest(request: TimerRequest, now: number, limits: TimerLimits): Required<TimerRequest> {
  if (!request.key) throw new InvalidTimerError('a timer needs a key');
  if (!request.kind) throw new InvalidTimerError(`timer ${request.key} needs a kind`);
  if (!Number.isSafeInteger(request.dueAt) || request.dueAt < 0) throw new InvalidTimerError(`timer ${request.key}: dueAt ${request.dueAt} is not epoch ms`);
  if (request.dueAt > now + limits.maxHorizonMs) {
    throw new InvalidTimerError(`timer ${request.key} is due ${request.dueAt - now} ms ahead, past the horizon of ${limits.maxHorizonMs} ms`);
  }
  const payloadBytes = Buffer.byteLength(request.payload, 'utf8');
  if (payloadBytes > limits.maxPayloadBytes) {
    throw new InvalidTimerError(`timer ${request.key} carries ${payloadBytes} bytes, over the limit of ${limits.maxPayloadBytes}`);
  }
  return { ...request, tenant: request.tenant || DEFAULT_TIMER_TENANT };
}
