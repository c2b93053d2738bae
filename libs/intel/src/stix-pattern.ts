import { lexPattern, PatternSyntaxError, Token } from './stix-pattern-lexer';

/** One comparison an indicator can be built from: `path = value`, `path ISSUBSET value` or `path IN (…)`. */
export interface StixComparison {
  /** The object path as written, e.g. `file:hashes.'SHA-256'`. */
  text: string;
  objectType: string;
  path: string[];
  operator: '=' | 'ISSUBSET' | 'IN';
  values: string[];
}

export type StixPatternResult = { ok: true; comparisons: StixComparison[] } | { ok: false; reason: string };

class Unsupported extends Error {}

const QUALIFIERS = new Set(['WITHIN', 'REPEATS', 'START', 'STOP']);
const OTHER_OPERATORS = new Set(['LIKE', 'MATCHES', 'ISSUPERSET', 'EXISTS', 'NOT']);

/** Far more than a pattern of OR-ed comparisons needs. */
const MAX_PATTERN_NESTING = 32;

/**
 * Reads a STIX 2.1 pattern that is a disjunction of simple comparisons: `[a = 'x']`,
 * `[a = 'x' OR b = 'y']`, `[a = 'x'] OR [b = 'y']`, with parentheses, `ISSUBSET` and `IN`.
 * AND, FOLLOWEDBY, NOT, qualifiers (WITHIN, REPEATS, START/STOP) and other operators need
 * several observations or a matcher a watchlist is not, so they are rejected with the reason.
 */
export function parseStixPattern(pattern: string): StixPatternResult {
  let tokens: Token[];
  try {
    tokens = lexPattern(pattern);
  } catch (error) {
    return { ok: false, reason: `pattern syntax: ${(error as Error).message}` };
  }
  const comparisons: StixComparison[] = [];
  let pos = 0;
  // Parentheses recurse here: a bound keeps `((((…` from exhausting the stack.
  let depth = 0;
  const enter = (): void => {
    if (++depth > MAX_PATTERN_NESTING) throw new Unsupported(`parentheses nested deeper than ${MAX_PATTERN_NESTING} levels`);
  };
  const peek = (): Token | undefined => tokens[pos];
  const isPunct = (text: string): boolean => peek()?.kind === 'punct' && peek()?.text === text;
  const isWord = (text: string): boolean => peek()?.kind === 'word' && peek()?.text === text;
  const expect = (text: string): void => {
    if (!isPunct(text)) throw new PatternSyntaxError(`expected "${text}" but found ${describe(peek())}`);
    pos++;
  };

  const observationExpression = (): void => {
    observation();
    for (;;) {
      if (isWord('OR')) {
        pos++;
        observation();
      } else if (isWord('AND') || isWord('FOLLOWEDBY')) {
        throw new Unsupported(`${peek()?.text} between observations is not supported: a watchlist entry is one value or values joined by OR`);
      } else return;
    }
  };
  const observation = (): void => {
    if (isPunct('[')) {
      pos++;
      comparisonExpression();
      expect(']');
    } else if (isPunct('(')) {
      pos++;
      enter();
      observationExpression();
      expect(')');
      depth--;
    } else throw new PatternSyntaxError(`expected "[" or "(" but found ${describe(peek())}`);
    const next = peek();
    if (next?.kind === 'word' && QUALIFIERS.has(next.text)) throw new Unsupported(`qualifier ${next.text} is not supported`);
  };
  const comparisonExpression = (): void => {
    comparison();
    for (;;) {
      if (isWord('OR')) {
        pos++;
        comparison();
      } else if (isWord('AND')) {
        throw new Unsupported('AND inside an observation is not supported: a watchlist entry is one value or values joined by OR');
      } else return;
    }
  };
  const comparison = (): void => {
    if (isPunct('(')) {
      pos++;
      enter();
      comparisonExpression();
      expect(')');
      depth--;
      return;
    }
    const path = tokens[pos++];
    if (path?.kind === 'word' && OTHER_OPERATORS.has(path.text)) throw new Unsupported(`operator ${path.text} is not supported`);
    if (path?.kind !== 'path') throw new PatternSyntaxError(`expected an object path but found ${describe(path)}`);
    const op = tokens[pos++];
    if (op?.kind === 'op' && op.text === '=') comparisons.push({ ...pathOf(path), operator: '=', values: [stringValue()] });
    else if (op?.kind === 'word' && op.text === 'ISSUBSET') comparisons.push({ ...pathOf(path), operator: 'ISSUBSET', values: [stringValue()] });
    else if (op?.kind === 'word' && op.text === 'IN') comparisons.push({ ...pathOf(path), operator: 'IN', values: setValues() });
    else if (op?.kind === 'op' || (op?.kind === 'word' && OTHER_OPERATORS.has(op.text))) throw new Unsupported(`operator ${op.text} is not supported (only =, ISSUBSET and IN)`);
    else throw new PatternSyntaxError(`expected a comparison operator after ${path.text} but found ${describe(op)}`);
  };
  const stringValue = (): string => {
    const token = tokens[pos++];
    if (token?.kind === 'string') return token.text;
    if (token?.kind === 'other-literal') throw new Unsupported(`value ${token.text} is not a string`);
    throw new PatternSyntaxError(`expected a value but found ${describe(token)}`);
  };
  const setValues = (): string[] => {
    expect('(');
    const values = [stringValue()];
    while (isPunct(',')) {
      pos++;
      values.push(stringValue());
    }
    expect(')');
    return values;
  };

  try {
    observationExpression();
    if (pos < tokens.length) throw new PatternSyntaxError(`unexpected ${describe(peek())} after the pattern`);
  } catch (error) {
    if (error instanceof Unsupported) return { ok: false, reason: error.message };
    if (error instanceof PatternSyntaxError) return { ok: false, reason: `pattern syntax: ${error.message}` };
    throw error;
  }
  return { ok: true, comparisons };
}

function pathOf(token: Extract<Token, { kind: 'path' }>): Pick<StixComparison, 'text' | 'objectType' | 'path'> {
  return { text: token.text, objectType: token.objectType, path: token.path };
}

function describe(token: Token | undefined): string {
  return token ? `"${token.text}"` : 'the end';
}
