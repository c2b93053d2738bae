import type { Event, RawEvent } from '@quell/contracts';
import { buildEvent } from './build-event';
import { parseJson } from './parsers/json-parser';

export { MAX_RAW_TEXT } from './build-event';

/** JSON (ECS-shaped or flat) → normalized Event. */
export function normalizeJson(raw: RawEvent, now: number): Event {
  const text = raw.payload.toString('utf8');
  return buildEvent(parseJson(text, { receivedAt: raw.receivedAt }), raw, now, text);
}
