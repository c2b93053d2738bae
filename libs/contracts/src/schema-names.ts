import type { Alert, Change, Event, Incident, NotificationOutcome, RawEvent, RuleMatch } from './generated/types';

export const SCHEMA_NAMES = ['RawEvent', 'Event', 'Alert', 'Incident', 'Change', 'RuleMatch', 'NotificationOutcome'] as const;

export type SchemaName = (typeof SCHEMA_NAMES)[number];

/** The TypeScript type of each schema's records. */
export interface ContractTypes {
  RawEvent: RawEvent;
  Event: Event;
  Alert: Alert;
  Incident: Incident;
  Change: Change;
  RuleMatch: RuleMatch;
  NotificationOutcome: NotificationOutcome;
}

export function isSchemaName(value: string): value is SchemaName {
  return (SCHEMA_NAMES as readonly string[]).includes(value);
}
