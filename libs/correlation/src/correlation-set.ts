import { CorrelationDefinition, VALUE_TYPES } from './correlation-definition';
import { CorrelationIssue, CorrelationRuleError } from './correlation-rule-error';

/** A correlation that listens to a rule, and that rule's position in its `rules`. */
export interface CorrelationTarget {
  definition: CorrelationDefinition;
  ruleIndex: number;
}

/** How a match names its rule: by id, and by the optional Sigma `name`. */
export interface RuleRef {
  ruleId: string;
  ruleName?: string;
}

/**
 * A validated set of correlations: references resolved (by id or name, to detection rules or
 * to other correlations), chains checked for cycles, and the lookups the engine needs per match.
 */
export class CorrelationSet {
  private readonly byRef = new Map<string, CorrelationTarget[]>();
  private readonly byId = new Map<string, CorrelationDefinition>();
  private readonly silenced = new Set<string>();

  /**
   * `options.silencedBy`: the whole rule set, when this set holds only part of it (the correlator
   * runs one correlation per engine); a correlation another one references is silenced all the same.
   */
  constructor(
    readonly definitions: readonly CorrelationDefinition[],
    options: { silencedBy?: readonly CorrelationDefinition[] } = {},
  ) {
    const issues: CorrelationIssue[] = [];
    const names = new Map<string, string>();
    for (const def of definitions) {
      if (this.byId.has(def.id)) issues.push({ path: `${def.id}.id`, message: 'two correlations share this id' });
      this.byId.set(def.id, def);
      if (def.name !== undefined) {
        if (names.has(def.name)) issues.push({ path: `${def.id}.name`, message: `the name ${def.name} is also used by ${names.get(def.name)}` });
        names.set(def.name, def.id);
      }
      def.rules.forEach((ref, ruleIndex) => {
        const targets = this.byRef.get(ref) ?? [];
        targets.push({ definition: def, ruleIndex });
        this.byRef.set(ref, targets);
      });
    }
    const cycle = this.findCycle(names);
    if (cycle) issues.push({ path: `${cycle[0]}.correlation.rules`, message: `correlations reference each other in a cycle: ${cycle.join(' -> ')}` });
    if (issues.length > 0) throw new CorrelationRuleError(issues);
    // A correlation referenced without `generate: true` is an intermediate step, not an alert.
    for (const def of options.silencedBy ?? definitions) if (!def.generate) for (const ref of def.rules) this.silenced.add(ref);
  }

  get(id: string): CorrelationDefinition | undefined {
    return this.byId.get(id);
  }

  /** The correlations a match of this rule feeds, each once even if listed by both id and name. */
  targetsOf(ref: RuleRef): CorrelationTarget[] {
    const byId = this.byRef.get(ref.ruleId) ?? [];
    const byName = ref.ruleName !== undefined && ref.ruleName !== ref.ruleId ? (this.byRef.get(ref.ruleName) ?? []) : [];
    if (byName.length === 0) return byId;
    const seen = new Set(byId.map((t) => t.definition.id));
    return [...byId, ...byName.filter((t) => !seen.has(t.definition.id))];
  }

  /**
   * Whether a rule's (or a correlation's) own hits should still be alerts: true unless a
   * correlation references it without `generate: true`.
   */
  raisesOwnAlerts(ref: RuleRef): boolean {
    return !this.silenced.has(ref.ruleId) && (ref.ruleName === undefined || !this.silenced.has(ref.ruleName));
  }

  /**
   * The event fields a match of this rule must carry: group-by fields (through aliases) and
   * condition fields of every correlation it feeds, and of the correlations those feed, since a
   * chained correlation's result passes on the fields of the match that made it hold.
   */
  requiredFields(ref: RuleRef): string[] {
    const fields = new Set<string>();
    const visit = (current: RuleRef, depth: number): void => {
      if (depth > this.definitions.length) return;
      for (const { definition } of this.targetsOf(current)) {
        for (const field of definition.groupBy) fields.add(fieldFor(definition, field, current));
        if (VALUE_TYPES.has(definition.type)) for (const field of definition.valueFields) fields.add(field);
        visit({ ruleId: definition.id, ruleName: definition.name }, depth + 1);
      }
    };
    visit(ref, 0);
    return [...fields];
  }

  private findCycle(names: Map<string, string>): string[] | undefined {
    const resolve = (ref: string): string | undefined => (this.byId.has(ref) ? ref : names.get(ref));
    const state = new Map<string, 'visiting' | 'done'>();
    const walk = (id: string, path: string[]): string[] | undefined => {
      if (state.get(id) === 'visiting') return [...path.slice(path.indexOf(id)), id];
      if (state.get(id) === 'done') return undefined;
      state.set(id, 'visiting');
      for (const ref of this.byId.get(id)?.rules ?? []) {
        const inner = resolve(ref);
        const found = inner === undefined ? undefined : walk(inner, [...path, id]);
        if (found) return found;
      }
      state.set(id, 'done');
      return undefined;
    };
    for (const id of this.byId.keys()) {
      const found = walk(id, []);
      if (found) return found;
    }
    return undefined;
  }
}

/** The event field a group-by name reads for a match of this rule: its alias if one is defined, else the name itself. */
export function fieldFor(def: CorrelationDefinition, groupByField: string, ref: RuleRef): string {
  const alias = def.aliases[groupByField];
  if (!alias) return groupByField;
  return (ref.ruleName !== undefined ? alias[ref.ruleName] : undefined) ?? alias[ref.ruleId] ?? groupByField;
}
