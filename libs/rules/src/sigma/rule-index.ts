import type { Event } from '@quell/contracts';
import { belongsToLogsource, routingKeyOf } from './logsource-router';
import { EventInputs } from './match-input';
import { requirementOf, searchesKeywords, type Requirement } from './rule-index-requirements';
import { forEachEventText, indexFold, SubstringFilter, WordIndex } from './rule-index-text';
import type { SigmaDetectionRule } from './sigma-rule';

export interface DetectionRuleSetOptions {
  /** false: try every rule on every event (the plain loop; a baseline for tests and benchmarks). */
  indexed?: boolean;
  /** How many distinct routing keys (channel, event id, source type, class) keep their routes. */
  maxRoutes?: number;
}

/** Below this many rules for a routing key, reading the event's texts costs more than trying them all. */
const SMALL_ROUTE = 16;

/** The rules of one routing key; every list in load order. */
interface Route {
  routed: readonly number[];
  /** Whether the word and substring index is used (else every routed rule is tried). */
  indexed: boolean;
  /** Rules that force nothing an event must hold: always tried. */
  always: readonly number[];
  /** Rules by each word they may need (a rule may also need substrings instead). */
  byWord: WordIndex<readonly number[]>;
  /** Rules with the substrings they may need (a rule may also need words instead). */
  bySubstring: readonly { ordinal: number; texts: readonly string[] }[];
  /** Further sets of needs (as substrings) a rule's candidates must also meet, by rule. */
  alsoNeeds: ReadonlyMap<number, readonly (readonly string[])[]>;
  /** Whether the event's substring filter is needed. */
  filtered: boolean;
  /** Whether an indexed rule searches keywords, hence the raw text must be read too. */
  keywords: boolean;
}

/**
 * The detection rules a correlator runs, compiled once: `match` returns, in load order, the rules
 * whose log source the event belongs to and whose detection it satisfies — exactly what trying
 * each rule in turn returns, found faster:
 *
 * - by log source: an event meets only the rules of the log sources it belongs to, computed once
 *   per routing key (Windows channel and event id, source type, event class) and kept;
 * - by what a rule requires (see requirementOf): one of a few whole words, looked up by the
 *   event's words, or substrings, tried against a filter of the event's short substrings; a
 *   candidate's further requirements (other parts of a conjunction) are tried against that filter
 *   too. Rules that force nothing are always tried.
 *
 * The index assumes rules read field values from the event itself (its original fields or the
 * normalized Event's properties other than the raw text), as the loader's field resolvers do. A
 * rule set built with a resolver that computes values otherwise must use `indexed: false`.
 */
export class DetectionRuleSet {
  private readonly rules: readonly SigmaDetectionRule[];
  private readonly requirements: readonly Requirement[];
  private readonly keywords: readonly boolean[];
  private readonly indexed: boolean;
  private readonly maxRoutes: number;
  private readonly routes = new Map<string, Route>();
  /** Per rule, the number of the last `match` call that picked it (dedupes hits). */
  private readonly seen: Uint32Array;
  private call = 0;
  private readonly substrings = new SubstringFilter();

  constructor(rules: readonly SigmaDetectionRule[], options: DetectionRuleSetOptions = {}) {
    this.rules = [...rules];
    this.indexed = options.indexed ?? true;
    this.maxRoutes = options.maxRoutes ?? 4096;
    this.requirements = this.indexed ? this.rules.map((rule) => requirementOf(rule.detection)) : [];
    this.keywords = this.indexed ? this.rules.map((rule) => searchesKeywords(rule.detection)) : [];
    this.seen = new Uint32Array(this.rules.length);
  }

  get size(): number {
    return this.rules.length;
  }

  match(event: Event): SigmaDetectionRule[] {
    const inputs = new EventInputs(event);
    if (!this.indexed) return this.rules.filter((rule) => belongsToLogsource(rule.logsource, event) && rule.matches(event, inputs));
    const route = this.routeOf(event);
    const candidates = route.indexed ? this.candidates(route, event) : route.routed;
    const matched: SigmaDetectionRule[] = [];
    for (const ordinal of candidates) if (this.rules[ordinal].matches(event, inputs)) matched.push(this.rules[ordinal]);
    return matched;
  }

  /** The route's always-tried rules plus those whose requirement the event may meet, in load order. */
  private candidates(route: Route, event: Event): readonly number[] {
    if (++this.call === 0xffffffff) {
      this.seen.fill(0);
      this.call = 1;
    }
    const call = this.call;
    const hits: number[] = [];
    const hit = (ordinal: number) => {
      if (this.seen[ordinal] === call) return;
      this.seen[ordinal] = call;
      hits.push(ordinal);
    };
    const hitAll = (ordinals: readonly number[]) => ordinals.forEach(hit);
    if (route.filtered) this.substrings.reset();
    forEachEventText(event, route.keywords, (text) => {
      const folded = indexFold(text);
      if (route.filtered) this.substrings.add(folded);
      if (route.byWord.size > 0) route.byWord.forEachIn(folded, hitAll);
    });
    const mayHold = (texts: readonly string[]) => texts.some((t) => this.substrings.mayContain(t));
    for (const { ordinal, texts } of route.bySubstring) if (this.seen[ordinal] !== call && mayHold(texts)) hit(ordinal);
    const kept = hits.filter((ordinal) => route.alsoNeeds.get(ordinal)?.every(mayHold) ?? true);
    if (kept.length === 0) return route.always;
    return mergeSorted(route.always, kept.sort((a, b) => a - b));
  }

  private routeOf(event: Event): Route {
    const key = routingKeyOf(event);
    let route = this.routes.get(key);
    if (route === undefined) {
      if (this.routes.size >= this.maxRoutes) this.routes.clear();
      route = this.buildRoute(event);
      this.routes.set(key, route);
    }
    return route;
  }

  private buildRoute(event: Event): Route {
    const routed: number[] = [];
    const always: number[] = [];
    const byWord = new Map<string, number[]>();
    const bySubstring: { ordinal: number; texts: string[] }[] = [];
    const alsoNeeds = new Map<number, string[][]>();
    let keywords = false;
    this.rules.forEach((rule, ordinal) => {
      if (!belongsToLogsource(rule.logsource, event)) return;
      routed.push(ordinal);
      const [needs, ...more] = this.requirements[ordinal];
      if (needs === undefined) {
        always.push(ordinal);
        return;
      }
      keywords ||= this.keywords[ordinal];
      // A word is also a substring: the filter can rule out any set of needs.
      if (more.length > 0) alsoNeeds.set(ordinal, more.map((set) => [...set].map((need) => need.slice(2))));
      const texts: string[] = [];
      for (const need of needs) {
        const text = need.slice(2);
        if (need.startsWith('t:')) texts.push(text);
        else if (byWord.has(text)) byWord.get(text)?.push(ordinal);
        else byWord.set(text, [ordinal]);
      }
      if (texts.length > 0) bySubstring.push({ ordinal, texts });
    });
    const filtered = bySubstring.length > 0 || alsoNeeds.size > 0;
    return { routed, indexed: routed.length > SMALL_ROUTE, always, byWord: new WordIndex(byWord), bySubstring, alsoNeeds, filtered, keywords };
  }
}

function mergeSorted(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) out.push(j >= b.length || (i < a.length && a[i] < b[j]) ? a[i++] : b[j++]);
  return out;
}
