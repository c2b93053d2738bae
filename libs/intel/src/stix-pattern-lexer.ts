export type Token =
  | { kind: 'punct'; text: '[' | ']' | '(' | ')' | ',' }
  | { kind: 'string'; text: string }
  /** t'…', h'…', b'…' literals, numbers and booleans: values this reader never takes. */
  | { kind: 'other-literal'; text: string }
  | { kind: 'op'; text: string }
  | { kind: 'word'; text: string }
  | { kind: 'path'; text: string; objectType: string; path: string[] };

export class PatternSyntaxError extends Error {}

const WORD = /[A-Za-z0-9_-]/;

/** Tokens of a STIX 2.1 pattern (section 9 of the specification), enough to read comparisons. */
export function lexPattern(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const quoted = (): string => {
    // i is at the opening quote; \' and \\ are the only escapes.
    let out = '';
    for (i++; i < source.length; i++) {
      const c = source[i];
      if (c === '\\' && (source[i + 1] === "'" || source[i + 1] === '\\')) out += source[++i];
      else if (c === "'") {
        i++;
        return out;
      } else out += c;
    }
    throw new PatternSyntaxError('unterminated string literal');
  };
  while (i < source.length) {
    const c = source[i];
    if (/\s/.test(c)) i++;
    else if ('[]()'.includes(c) || c === ',') {
      tokens.push({ kind: 'punct', text: c as '[' });
      i++;
    } else if (c === "'") tokens.push({ kind: 'string', text: quoted() });
    else if (/[thb]/.test(c) && source[i + 1] === "'") {
      i++;
      tokens.push({ kind: 'other-literal', text: `${c}'${quoted()}'` });
    } else if ('=!<>'.includes(c)) {
      const two = source.slice(i, i + 2);
      const op = ['!=', '<=', '>=', '<>'].includes(two) ? two : c;
      tokens.push({ kind: 'op', text: op });
      i += op.length;
    } else if (/[-\d]/.test(c) && /^-?\d+(\.\d+)?(?![\w:-])/.test(source.slice(i))) {
      const number = (/^-?\d+(\.\d+)?/.exec(source.slice(i)) as RegExpExecArray)[0];
      tokens.push({ kind: 'other-literal', text: number });
      i += number.length;
    } else if (WORD.test(c)) {
      let j = i;
      while (j < source.length && WORD.test(source[j])) j++;
      const word = source.slice(i, j);
      i = j;
      if (source[i] === ':') tokens.push(readPath(word));
      else if (/^(true|false)$/i.test(word)) tokens.push({ kind: 'other-literal', text: word });
      else tokens.push({ kind: 'word', text: word.toUpperCase() });
    } else throw new PatternSyntaxError(`unexpected character "${c}" at ${i}`);
  }
  return tokens;

  // An object path: type ':' property ( '.' property | '[' (*|n) ']' )*, where a property may be quoted.
  function readPath(objectType: string): Token {
    const start = i - objectType.length;
    i++; // ':'
    const path: string[] = [];
    const property = (): void => {
      if (source[i] === "'") path.push(quoted());
      else {
        let j = i;
        while (j < source.length && WORD.test(source[j])) j++;
        if (j === i) throw new PatternSyntaxError(`object path "${source.slice(start, i + 1)}" is cut short`);
        path.push(source.slice(i, j));
        i = j;
      }
    };
    property();
    for (;;) {
      if (source[i] === '.') {
        i++;
        property();
      } else if (source[i] === '[' && /^\[(\*|\d+)\]/.test(source.slice(i))) {
        const index = /^\[(\*|\d+)\]/.exec(source.slice(i)) as RegExpExecArray;
        path.push(index[0]);
        i += index[0].length;
      } else break;
    }
    if (source[i] === ':') throw new PatternSyntaxError(`"${source.slice(start, i + 1)}…" is not a STIX 2.1 object path`);
    return { kind: 'path', text: source.slice(start, i), objectType: objectType.toLowerCase(), path };
  }
}
