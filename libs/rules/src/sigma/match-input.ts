import type { Event } from '@quell/contracts';
import type { FieldResolver } from './field-resolver';
import { foldCase } from './value-pattern';

/** What a compiled search sees of one event: resolved fields and the texts keywords search. */
export interface MatchInput {
  event: Event;
  field(name: string): string | undefined;
  /** The field's value lower-cased, for case-insensitive literals. */
  foldedField(name: string): string | undefined;
  /** Message, raw text and every original value: where field-less keyword searches look. */
  keywordTexts(): readonly string[];
  /** keywordTexts() lower-cased, in the same order. */
  foldedKeywordTexts(): readonly string[];
}

export type Predicate = (input: MatchInput) => boolean;

/** Stands for an absent field in the memo (a Map cannot tell a stored undefined from a missing key in one lookup). */
const ABSENT = null;

/**
 * Each field is resolved, and lower-cased, at most once per input however many searches and
 * values of a rule read it.
 */
class EventMatchInput implements MatchInput {
  private values: Map<string, string | null> | undefined;
  private folded: Map<string, string | null> | undefined;
  private texts: string[] | undefined;
  private foldedTexts: string[] | undefined;

  constructor(
    readonly event: Event,
    private readonly resolve: FieldResolver,
  ) {}

  field(name: string): string | undefined {
    this.values ??= new Map();
    const known = this.values.get(name);
    if (known !== undefined) return known ?? undefined;
    const value = this.resolve(this.event, name);
    this.values.set(name, value ?? ABSENT);
    return value;
  }

  foldedField(name: string): string | undefined {
    this.folded ??= new Map();
    const known = this.folded.get(name);
    if (known !== undefined) return known ?? undefined;
    const value = this.field(name);
    const folded = value === undefined ? undefined : foldCase(value);
    this.folded.set(name, folded ?? ABSENT);
    return folded;
  }

  keywordTexts(): readonly string[] {
    const { event } = this;
    this.texts ??= [event.message, event.rawText, ...Object.values(event.original)].filter((t): t is string => typeof t === 'string');
    return this.texts;
  }

  foldedKeywordTexts(): readonly string[] {
    this.foldedTexts ??= this.keywordTexts().map(foldCase);
    return this.foldedTexts;
  }
}

export function matchInputOf(event: Event, resolve: FieldResolver): MatchInput {
  return new EventMatchInput(event, resolve);
}
