import type { Event } from '@quell/contracts';
import type { FieldResolver } from './field-resolver';

/** What a compiled search sees of one event: resolved fields and the texts keywords search. */
export interface MatchInput {
  event: Event;
  field(name: string): string | undefined;
  /** Message, raw text and every original value: where field-less keyword searches look. */
  keywordTexts(): readonly string[];
}

export type Predicate = (input: MatchInput) => boolean;

export function matchInputOf(event: Event, resolve: FieldResolver): MatchInput {
  let texts: string[] | null = null;
  return {
    event,
    field: (name) => resolve(event, name),
    keywordTexts: () => {
      texts ??= [event.message, event.rawText, ...Object.values(event.original)].filter((t): t is string => typeof t === 'string');
      return texts;
    },
  };
}
