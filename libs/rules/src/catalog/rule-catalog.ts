import { createHash } from 'node:crypto';
import type { CorrelationDefinition, CorrelationSet } from '@quell/correlation';
import type { SigmaCorrelationRule, SigmaDetectionRule, SigmaFilterRule, SigmaRule } from '../sigma/sigma-rule';
import { evaluate, type Evaluation } from './catalog-evaluation';
import type { CatalogError, CatalogFile, RuleCatalogOptions, RuleCatalogSnapshot } from './catalog-types';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Files sorted by name, so conflicts always resolve the same way. */
const sortedByName = (entries: Iterable<readonly [string, string]>): Map<string, string> => new Map([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/**
 * Rules as content: builds one immutable snapshot from a set of (file name, YAML text). A broken
 * file never breaks the others; its errors name the file, the line and the reason. With
 * `lastGood`, a file whose new text is rejected keeps serving the rules of its last good text.
 */
export class RuleCatalog implements RuleCatalogSnapshot {
  private readonly byRef = new Map<string, SigmaRule>();

  private constructor(
    readonly version: string,
    private readonly evaluation: Evaluation,
    readonly errors: readonly CatalogError[],
    readonly files: readonly CatalogFile[],
    readonly servedTexts: ReadonlyMap<string, string>,
  ) {
    for (const rule of [...evaluation.detectionRules, ...evaluation.correlationRules]) {
      for (const ref of [rule.id, rule.name]) if (ref) this.byRef.set(ref, rule);
    }
    Object.freeze(evaluation.detectionRules);
    Object.freeze(evaluation.correlationRules);
    Object.freeze(evaluation.filterRules);
    Object.freeze(errors);
    Object.freeze(files);
  }

  static build(input: ReadonlyMap<string, string> | Readonly<Record<string, string>>, options: RuleCatalogOptions = {}): RuleCatalog {
    const entries = input instanceof Map ? [...input.entries()] : Object.entries(input);
    const current = sortedByName(entries);
    const unreadable = options.unreadable ?? new Map<string, string>();
    const load = options.load ?? {};
    const preferred = options.preferFiles ?? new Set(options.lastGood?.keys() ?? []);
    const first = evaluate(current, load, preferred, options.cache);
    const readErrors: CatalogError[] = [...unreadable].map(([file, reason]) => ({ file, line: 1, reason: `the file could not be read: ${reason}` }));
    const rejected = new Set([...first.errors.map((e) => e.file), ...unreadable.keys()]);
    const done = (catalog: RuleCatalog): RuleCatalog => {
      options.cache?.sweep();
      return catalog;
    };
    const fallback = new Map<string, string>();
    for (const file of rejected) {
      const previous = options.lastGood?.get(file);
      if (previous !== undefined && previous !== current.get(file)) fallback.set(file, previous);
    }
    if (fallback.size === 0) return done(RuleCatalog.assemble(current, current, first, [...first.errors, ...readErrors], rejected, fallback, unreadable));

    const served = sortedByName([...current.keys(), ...unreadable.keys()].flatMap((file) => {
      const text = fallback.get(file) ?? current.get(file);
      return text === undefined ? [] : [[file, text] as const];
    }));
    const second = evaluate(served, load, preferred, options.cache);
    const errors = [
      ...[...first.errors, ...readErrors].filter((e) => fallback.has(e.file)).map((e) => ({ ...e, servingPrevious: true })),
      ...readErrors.filter((e) => !fallback.has(e.file)),
      ...second.errors,
    ];
    const unclean = new Set([...[...rejected].filter((f) => !fallback.has(f)), ...second.errors.map((e) => e.file)]);
    return done(RuleCatalog.assemble(current, served, second, errors, unclean, fallback, unreadable));
  }

  private static assemble(
    current: ReadonlyMap<string, string>,
    served: ReadonlyMap<string, string>,
    evaluation: Evaluation,
    errors: CatalogError[],
    unclean: ReadonlySet<string>,
    fallback: ReadonlyMap<string, string>,
    unreadable: ReadonlyMap<string, string>,
  ): RuleCatalog {
    const ruleCount = new Map<string, number>();
    for (const rule of [...evaluation.detectionRules, ...evaluation.correlationRules, ...evaluation.filterRules]) ruleCount.set(rule.file, (ruleCount.get(rule.file) ?? 0) + 1);
    const errorCount = new Map<string, number>();
    for (const error of errors) errorCount.set(error.file, (errorCount.get(error.file) ?? 0) + 1);
    const names = [...new Set([...current.keys(), ...unreadable.keys()])].sort();
    const files: CatalogFile[] = names.map((file) => {
      const rules = ruleCount.get(file) ?? 0;
      // An unreadable file has no text: its hash stands for the reason, so the version changes with it.
      const text = current.get(file) ?? `\u0000unreadable: ${unreadable.get(file)}`;
      return {
        file,
        hash: sha256(text),
        rules,
        errors: errorCount.get(file) ?? 0,
        servedFrom: rules === 0 ? 'none' : fallback.has(file) ? 'previous' : 'current',
      };
    });
    // Only texts that loaded without an error count as good enough to fall back to later.
    const servedTexts = new Map([...served].filter(([file]) => !unclean.has(file)));
    const version = sha256(JSON.stringify(files.map((f) => [f.file, f.hash, sha256(served.get(f.file) ?? '')])));
    return new RuleCatalog(version, evaluation, errors, files, servedTexts);
  }

  get detectionRules(): readonly SigmaDetectionRule[] {
    return this.evaluation.detectionRules;
  }

  get filterRules(): readonly SigmaFilterRule[] {
    return this.evaluation.filterRules;
  }

  get correlationRules(): readonly SigmaCorrelationRule[] {
    return this.evaluation.correlationRules;
  }

  get correlations(): CorrelationSet {
    return this.evaluation.correlations;
  }

  rule(idOrName: string): SigmaRule | undefined {
    return this.byRef.get(idOrName);
  }

  definitionOf(rule: SigmaCorrelationRule): CorrelationDefinition | undefined {
    return this.evaluation.definitions.get(rule);
  }

  /** The errors of one file. */
  errorsOf(file: string): CatalogError[] {
    return this.errors.filter((e) => e.file === file);
  }
}
