import type { Event } from '@quell/contracts';
import type { FieldResolver } from './field-resolver';
import { foldCase } from './value-pattern';

/** What a compiled search sees of one event: resolved fields and the texts keywords search. */
export interface MatchInput {
  event: Event;
  field(name: string): string | undefined;
  /** The field's value lower-cased, for case-insensitive literals. */
  foldedField(name: string): string | undefined;
  /** Message, every original value and a text record's raw text: where field-less keyword searches look. */
  keywordTexts(): readonly string[];
  /** keywordTexts() lower-cased, in the same order. */
  foldedKeywordTexts(): readonly string[];
}

export type Predicate = (input: MatchInput) => boolean;

/** Marks a lower-cased value not asked for yet. */
const NOT_FOLDED = null;

/** One field as read for an input: its value and, once asked for, the value lower-cased. */
interface FieldSlot {
  name: string;
  value: string | undefined;
  folded: string | undefined | typeof NOT_FOLDED;
}

/**
 * Each field is resolved, and lower-cased, at most once per input however many searches and
 * values of a rule read it. Most rules read one or two fields: those slots are kept inline, so an
 * input usually costs no allocation beyond itself.
 */
class EventMatchInput implements MatchInput {
  private first: FieldSlot | undefined;
  private second: FieldSlot | undefined;
  private more: Map<string, FieldSlot> | undefined;
  private texts: string[] | undefined;
  private foldedTexts: string[] | undefined;

  constructor(
    readonly event: Event,
    private readonly resolve: FieldResolver,
  ) {}

  field(name: string): string | undefined {
    return this.slotOf(name).value;
  }

  foldedField(name: string): string | undefined {
    const slot = this.slotOf(name);
    if (slot.folded === NOT_FOLDED) slot.folded = slot.value === undefined ? undefined : foldCase(slot.value);
    return slot.folded;
  }

  private slotOf(name: string): FieldSlot {
    if (this.first?.name === name) return this.first;
    if (this.second?.name === name) return this.second;
    let slot = this.more?.get(name);
    if (slot !== undefined) return slot;
    slot = { name, value: this.resolve(this.event, name), folded: NOT_FOLDED };
    if (this.first === undefined) this.first = slot;
    else if (this.second === undefined) this.second = slot;
    else (this.more ??= new Map()).set(name, slot);
    return slot;
  }

  keywordTexts(): readonly string[] {
    const { event } = this;
    this.texts ??= [event.message, rawKeywordText(event), ...Object.values(event.original)].filter((t): t is string => typeof t === 'string');
    return this.texts;
  }

  foldedKeywordTexts(): readonly string[] {
    this.foldedTexts ??= this.keywordTexts().map(foldCase);
    return this.foldedTexts;
  }
}

/**
 * A JSON record's raw text is its key names and its values; the values are in `original`, and
 * keywords search values only, as pySigma's backends do (libs/rules/README.md). A text record
 * (syslog, CEF, key=value) is searched as written. Undefined for a JSON record.
 */
function rawKeywordText(event: Event): string | null | undefined {
  const raw = event.rawText;
  if (raw === null) return null;
  let i = 0;
  while (i < raw.length && (raw.charCodeAt(i) <= 0x20 || raw.charCodeAt(i) === 0xfeff)) i++;
  const json = raw.charCodeAt(i) === 0x7b; // '{'
  // A record that only looked like JSON (it did not parse, so nothing is in original) is searched as text.
  return json && Object.keys(event.original).length > 0 ? undefined : raw;
}

export function matchInputOf(event: Event, resolve: FieldResolver): MatchInput {
  return new EventMatchInput(event, resolve);
}

/**
 * One event's match inputs, shared by every rule tested on it: rules loaded with the same field
 * resolver (all of them, usually) resolve and lower-case each field once per event, not once per rule.
 */
export class EventInputs {
  private resolver: FieldResolver | undefined;
  private input: MatchInput | undefined;
  private others: Map<FieldResolver, MatchInput> | undefined;

  constructor(readonly event: Event) {}

  for(resolve: FieldResolver): MatchInput {
    if (this.resolver === resolve) return this.input as MatchInput;
    if (this.resolver === undefined) {
      this.resolver = resolve;
      return (this.input = new EventMatchInput(this.event, resolve));
    }
    let input = this.others?.get(resolve);
    if (input === undefined) (this.others ??= new Map()).set(resolve, (input = new EventMatchInput(this.event, resolve)));
    return input;
  }
}

/** The input of `inputs` for `resolve` when the caller shares one, else a new one. */
export function inputFor(event: Event, resolve: FieldResolver, inputs: EventInputs | undefined): MatchInput {
  return inputs ? inputs.for(resolve) : new EventMatchInput(event, resolve);
}
