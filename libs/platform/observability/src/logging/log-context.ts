import { AsyncLocalStorage } from 'node:async_hooks';

/** Fields that identify the record being handled; every log line written meanwhile carries them. */
export interface LogContext {
  topic?: string;
  partition?: number;
  offset?: string;
  eventId?: string;
  [key: string]: unknown;
}

const storage = new AsyncLocalStorage<LogContext>();

/**
 * Runs `fn` with `ctx` as the log context of everything it does, including awaited work.
 * Nested calls add to (and may override) the enclosing context rather than replace it, so a
 * batch-level context (topic, partition) can be refined per record (offset, event id).
 */
export function runWithLogContext<T>(ctx: LogContext, fn: () => T): T {
  const parent = storage.getStore();
  return storage.run(parent ? { ...parent, ...ctx } : { ...ctx }, fn);
}

/** The context of the current async execution, or undefined outside `runWithLogContext`. */
export function getLogContext(): LogContext | undefined {
  return storage.getStore();
}
