import { isEncodable, type OutboundRecord } from '../bus/message';
import { deepFreeze, firstDifference } from './value-difference';

/**
 * A value handed over in one process that the wire would change or refuse: consumers in another
 * process would see something else. The producer's bug, like a value its codec cannot encode.
 */
export class ContractBreachError extends Error {
  readonly retriable = false;

  constructor(
    readonly topic: string,
    /** Where in the value, e.g. `host.name`; empty for the value as a whole. */
    readonly path: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`contract breach on topic ${topic} at ${path === '' ? '(the value)' : path}: ${reason}`, options);
    this.name = 'ContractBreachError';
  }
}

/**
 * What the in-process bus's `verifyContracts` does to each contract value it is handed: writes it
 * with its codec, reads it back and requires the same value, then freezes it (see deepFreeze).
 * A value is checked once, however many times it is published or delivered.
 */
export class ContractVerifier {
  private readonly checked = new WeakSet<object>();

  /** Throws ContractBreachError for the first value that does not survive the wire. */
  verify(records: readonly OutboundRecord[]): void {
    for (const record of records) {
      const value = record.value;
      if (!isEncodable(value) || this.checked.has(value)) continue;
      let decoded: unknown;
      try {
        decoded = value.decode(value.encode());
      } catch (error) {
        throw new ContractBreachError(record.topic, '', error instanceof Error ? error.message : String(error), { cause: error });
      }
      const difference = firstDifference(value.object, decoded);
      if (difference) throw new ContractBreachError(record.topic, difference.path, difference.reason);
      deepFreeze(value.object);
      this.checked.add(value);
    }
  }
}
