import type { Event, RawEvent } from '@quell/contracts';

/** A RawEvent as it crosses to a worker: the payload as text (a Buffer would copy its whole backing pool). */
export type WireRawEvent = Omit<RawEvent, 'payload'> & { text: string };

export interface NormalizeRequest {
  id: number;
  now: number;
  raws: WireRawEvent[];
}

/** Why one record could not be normalized, as the inline path would have thrown it. */
export interface NormalizeFailure {
  message: string;
  /** False for a NormalizeError (the record is dead-lettered at once), as `retriable` on the error. */
  retriable: boolean;
}

export type NormalizeOutcome = { event: Event } | { failure: NormalizeFailure };

export interface NormalizeResponse {
  id: number;
  outcomes: NormalizeOutcome[];
}

export function toWire(raw: RawEvent): WireRawEvent {
  const { payload, ...rest } = raw;
  return { ...rest, text: payload.toString('utf8') };
}

export function fromWire(wire: WireRawEvent): RawEvent {
  const { text, ...rest } = wire;
  return { ...rest, payload: Buffer.from(text, 'utf8') };
}
