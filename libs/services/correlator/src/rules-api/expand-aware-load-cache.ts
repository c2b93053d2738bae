import { RuleLoadCache, type LoadOptions } from '@quell/rules';

type LoadResult = ReturnType<RuleLoadCache['load']>;

/** Whether a rule text may use the `expand` modifier, whose values come from outside the text. */
export const usesExpand = (text: string): boolean => text.includes('|expand');

/**
 * A RuleLoadCache whose entries for texts using `expand` can be dropped on their own when the
 * placeholder values change, so that only those rules are compiled again.
 */
export class ExpandAwareLoadCache extends RuleLoadCache {
  private expanding = new RuleLoadCache();

  override load(text: string, file: string, options: LoadOptions): LoadResult {
    return usesExpand(text) ? this.expanding.load(text, file, options) : super.load(text, file, options);
  }

  override sweep(): void {
    super.sweep();
    this.expanding.sweep();
  }

  override get size(): number {
    return super.size + this.expanding.size;
  }

  /** Forgets the compiled rules that use `expand`. */
  dropExpanding(): void {
    this.expanding = new RuleLoadCache();
  }
}
