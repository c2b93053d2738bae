import type { Event } from '@quell/contracts';
import { CorrelationSet, type CorrelationDefinition } from '@quell/correlation';
import {
  attackOf,
  BUILTIN_RULES,
  createFieldResolver,
  DetectionRuleSet,
  type FieldResolver,
  type RuleCatalogSnapshot,
  type SigmaCorrelationRule,
  type SigmaDetectionRule,
} from '@quell/rules';

/** What a correlation alert says about its rule beyond the definition: author, tags, ATT&CK. */
export interface CorrelationMeta {
  author: string | null;
  tags: string[];
  tactics: string[];
  techniques: string[];
}

/**
 * The rules one correlator runs, compiled once: the detection matcher of stage 1, the
 * correlations of stage 2 (the whole set for routing, and one single-correlation set per
 * correlation so that each stage-2 engine only ever feeds the correlation its record names).
 */
export class CorrelatorRules {
  private readonly single = new Map<string, CorrelationSet>();
  private readonly meta = new Map<string, CorrelationMeta>();

  private constructor(
    readonly detections: readonly SigmaDetectionRule[],
    private readonly matcher: (event: Event) => SigmaDetectionRule[],
    readonly correlations: CorrelationSet,
    correlationRules: ReadonlyMap<string, SigmaCorrelationRule>,
    /** Reads the Sigma fields a correlation needs off an event, as the detection rules do. */
    readonly resolveField: FieldResolver,
    /** Content version of the rule set (catalog hash), null for the built-in rule. */
    readonly version: string | null,
  ) {
    for (const def of correlations.definitions) {
      // Silenced as in the whole set: an inner correlation the chain references without `generate: true` raises no alert of its own.
      this.single.set(def.id, new CorrelationSet([def], { silencedBy: correlations.definitions }));
      const rule = correlationRules.get(def.id);
      const inherited = def.rules.flatMap((ref) => this.detections.filter((d) => d.id === ref || d.name === ref));
      this.meta.set(def.id, {
        author: rule?.author ?? null,
        tags: rule?.tags ?? [],
        // A correlation without ATT&CK tags of its own reports those of the rules it counts.
        tactics: unique(rule?.tactics.length ? rule.tactics : inherited.flatMap((d) => d.tactics)),
        techniques: unique(rule?.techniques.length ? rule.techniques : inherited.flatMap((d) => d.techniques)),
      });
    }
  }

  static fromCatalog(catalog: RuleCatalogSnapshot): CorrelatorRules {
    const set = new DetectionRuleSet(catalog.detectionRules);
    const byId = new Map<string, SigmaCorrelationRule>();
    for (const rule of catalog.correlationRules) {
      const def = catalog.definitionOf(rule);
      if (def) byId.set(def.id, rule);
    }
    return new CorrelatorRules(catalog.detectionRules, (event) => set.match(event), catalog.correlations, byId, createFieldResolver(), catalog.version);
  }

  /** The walking skeleton's failed-authentication rule, used when no rules directory is configured. */
  static builtin(): CorrelatorRules {
    const rules: SigmaDetectionRule[] = BUILTIN_RULES.map((rule) => ({
      kind: 'detection',
      id: rule.id,
      name: null,
      title: rule.title,
      status: 'stable',
      level: rule.level,
      author: rule.author,
      description: null,
      tags: [...rule.tactics.map((t) => `attack.${t}`), ...rule.techniques.map((t) => `attack.${t.toLowerCase()}`)],
      ...attackOf([...rule.tactics.map((t) => `attack.${t}`), ...rule.techniques.map((t) => `attack.${t.toLowerCase()}`)]),
      falsepositives: [],
      file: 'builtin',
      line: 0,
      logsource: {},
      detection: {},
      fields: [],
      matches: (event) => rule.matches(event),
    }));
    return new CorrelatorRules(rules, (event) => rules.filter((r) => r.matches(event)), new CorrelationSet([]), new Map(), createFieldResolver(), null);
  }

  /** Detection rules the event's log source routes to and whose detection it satisfies, in load order. */
  match(event: Event): SigmaDetectionRule[] {
    return this.matcher(event);
  }

  /** The set one stage-2 engine runs: just this correlation (chains cross the matches topic instead). */
  engineSet(correlationId: string): CorrelationSet | undefined {
    return this.single.get(correlationId);
  }

  definition(correlationId: string): CorrelationDefinition | undefined {
    return this.correlations.get(correlationId);
  }

  metaOf(correlationId: string): CorrelationMeta {
    return this.meta.get(correlationId) ?? { author: null, tags: [], tactics: [], techniques: [] };
  }
}

/** How correlations refer to a detection rule (shared with the backtests, which must agree). */
export { refOf } from '@quell/rules';

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
