import type { CorrelationDefinition, CorrelationSet } from '@quell/correlation';
import type { LoadOptions } from '../sigma/rule-loader';
import type { RuleLoadCache } from './rule-load-cache';
import type { RuleLoadError, SigmaCorrelationRule, SigmaDetectionRule, SigmaFilterRule, SigmaRule } from '../sigma/sigma-rule';

/** An error of the catalog: a rejected rule, a conflict between files or a dangling reference. */
export interface CatalogError extends RuleLoadError {
  /**
   * True when the file's current text is rejected but the catalog still serves the rules of the
   * last text of that file that loaded cleanly (see RuleCatalogOptions.lastGood).
   */
  servingPrevious?: boolean;
}

/** Per file: what the catalog made of it. */
export interface CatalogFile {
  file: string;
  /** SHA-256 of the file's current text. */
  hash: string;
  /** Rules of this file that are served (detections and correlations). */
  rules: number;
  errors: number;
  /** `current`: the rules of the current text; `previous`: of the last good text; `none`: nothing served. */
  servedFrom: 'current' | 'previous' | 'none';
}

/** One immutable, consistent view of every rule: what the matchers are rebuilt from. */
export interface RuleCatalogSnapshot {
  /** Content hash: equal versions hold the same rules. */
  readonly version: string;
  /** The detection rules, each with the global filters that name it applied to its matcher. */
  readonly detectionRules: readonly SigmaDetectionRule[];
  /** The global filters applied (every reference resolved), in file order. */
  readonly filterRules: readonly SigmaFilterRule[];
  /** The correlation rules as loaded (metadata: title, author, tags…), in file order. */
  readonly correlationRules: readonly SigmaCorrelationRule[];
  /** The validated correlations, every reference resolved, for the CorrelationEngine. */
  readonly correlations: CorrelationSet;
  readonly errors: readonly CatalogError[];
  readonly files: readonly CatalogFile[];
  /** The text of each file whose rules are served; pass it as `lastGood` to the next build. */
  readonly servedTexts: ReadonlyMap<string, string>;
  /** A detection or correlation rule by Sigma id or name. */
  rule(idOrName: string): SigmaRule | undefined;
  /** The correlation definition built from a correlation rule. */
  definitionOf(rule: SigmaCorrelationRule): CorrelationDefinition | undefined;
}

export interface RuleCatalogOptions {
  /** Passed to loadSigmaRules for every file (field mappings, search options). */
  load?: LoadOptions;
  /**
   * The last text of each file that was served (RuleCatalogSnapshot.servedTexts of the previous
   * build). A file whose current text has errors keeps serving the rules of its last good text,
   * so a bad edit never silently turns a detection off.
   */
  lastGood?: ReadonlyMap<string, string>;
  /**
   * Files whose rules win a clash of id or name, so that adding a file never takes an id away from
   * the rule already serving it (default: the files of `lastGood`). Otherwise the first file by name wins.
   */
  preferFiles?: ReadonlySet<string>;
  /** Reuses the compiled rules of files whose text did not change since the previous build. */
  cache?: RuleLoadCache;
  /**
   * Files that exist but could not be read, with the reason: each is listed with an error (line 1)
   * and, like a file whose text is rejected, keeps serving its last good text.
   */
  unreadable?: ReadonlyMap<string, string>;
}
