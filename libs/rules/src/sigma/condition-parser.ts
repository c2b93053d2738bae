import { SigmaRuleError } from './sigma-rule';

/** A parsed Sigma condition. `of` selects identifiers by name, a `*` pattern, or `them`. */
export type ConditionNode =
  | { type: 'and' | 'or'; left: ConditionNode; right: ConditionNode }
  | { type: 'not'; operand: ConditionNode }
  | { type: 'ref'; name: string }
  | { type: 'of'; quantifier: 'all' | number; target: string };

type Token = { kind: 'word'; text: string; at: number } | { kind: '(' | ')' | 'end'; at: number };

/**
 * Bounds on a condition's tree, which is compiled and then evaluated for every event by
 * recursion: SigmaHQ's largest conditions use 12 parentheses and 23 operators.
 */
export const MAX_CONDITION_NESTING = 32;
export const MAX_CONDITION_OPERATORS = 256;

/** The condition as quoted in an error: a long one is cut, the column says where. */
const quoted = (text: string): string => (text.length > 120 ? `${text.slice(0, 117)}...` : text);

/**
 * Parses a condition with the precedence the specification gives: `not` binds tighter than
 * `and`, which binds tighter than `or`; parentheses group. `1 of x*`, `all of x*`, `N of them`.
 */
export function parseCondition(text: string): ConditionNode {
  const tokens = tokenize(text);
  let pos = 0;
  let nesting = 0;
  let operators = 0;
  const peek = () => tokens[pos];
  const fail = (reason: string, token: Token = peek()): never => {
    throw new SigmaRuleError(`condition "${quoted(text)}": ${reason} at column ${token.at + 1}`, ['detection', 'condition']);
  };
  // Each and/or makes the tree one level deeper; parentheses and `not` recurse in the parser too.
  const operator = (): void => {
    if (++operators > MAX_CONDITION_OPERATORS) fail(`more than ${MAX_CONDITION_OPERATORS} and/or operators`);
    pos++;
  };
  const nest = (): void => {
    if (++nesting > MAX_CONDITION_NESTING) fail(`nested deeper than ${MAX_CONDITION_NESTING} levels of parentheses and not`);
    pos++;
  };
  const isWord = (token: Token, word: string) => token.kind === 'word' && token.text.toLowerCase() === word;

  const parseOr = (): ConditionNode => {
    let left = parseAnd();
    while (isWord(peek(), 'or')) {
      operator();
      left = { type: 'or', left, right: parseAnd() };
    }
    return left;
  };
  const parseAnd = (): ConditionNode => {
    let left = parseNot();
    while (isWord(peek(), 'and')) {
      operator();
      left = { type: 'and', left, right: parseNot() };
    }
    return left;
  };
  const parseNot = (): ConditionNode => {
    if (isWord(peek(), 'not')) {
      nest();
      const operand = parseNot();
      nesting--;
      return { type: 'not', operand };
    }
    return parsePrimary();
  };
  const parsePrimary = (): ConditionNode => {
    const token = peek();
    if (token.kind === '(') {
      nest();
      const inner = parseOr();
      if (peek().kind !== ')') fail('expected ")"');
      pos++;
      nesting--;
      return inner;
    }
    if (token.kind !== 'word') return fail(token.kind === 'end' ? 'unexpected end' : `unexpected "${token.kind}"`);
    const word = token.text.toLowerCase();
    if (['and', 'or', 'of', 'them'].includes(word)) fail(`unexpected "${token.text}"`);
    const next = tokens[pos + 1];
    if (isWord(next, 'of')) {
      const quantifier = word === 'all' ? 'all' : word === 'any' ? 1 : /^[1-9]\d*$/.test(word) ? Number(word) : fail(`"${token.text} of" needs 1, a number or all`);
      const target = tokens[pos + 2];
      if (target.kind !== 'word' || ['and', 'or', 'not', 'of'].includes(target.text.toLowerCase())) fail('expected an identifier pattern or "them"', target);
      pos += 3;
      const name = (target as { text: string }).text;
      return { type: 'of', quantifier, target: name.toLowerCase() === 'them' ? 'them' : name };
    }
    pos++;
    return { type: 'ref', name: token.text };
  };

  const tree = parseOr();
  if (peek().kind !== 'end') fail(peek().kind === 'word' ? `unexpected "${(peek() as { text: string }).text}"` : `unexpected "${peek().kind}"`);
  return tree;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(?:([()])|([A-Za-z0-9_*.-]+)|(\|)|(\S))/gy;
  let match: RegExpExecArray | null;
  while (re.lastIndex < text.length && (match = re.exec(text)) !== null) {
    const at = match.index + match[0].length - match[0].trimStart().length;
    if (match[1]) tokens.push({ kind: match[1] as '(' | ')', at });
    else if (match[2]) tokens.push({ kind: 'word', text: match[2], at });
    else if (match[3]) throw new SigmaRuleError(`condition "${quoted(text)}": aggregations ("| count() ...") are not supported; write a correlation rule`, ['detection', 'condition']);
    else if (match[4]) throw new SigmaRuleError(`condition "${quoted(text)}": unexpected "${match[4]}" at column ${at + 1}`, ['detection', 'condition']);
    else break;
  }
  tokens.push({ kind: 'end', at: text.length });
  return tokens;
}
