import { ParseError } from '../parsed-record';

/** One SD-ELEMENT: `[id param="value" ...]`. */
export interface SdElement {
  id: string;
  params: Array<[string, string]>;
}

/**
 * RFC 5424 §6.3 STRUCTURED-DATA: `-` or one or more `[SD-ID PARAM="VALUE"...]`; inside values
 * only `\"`, `\\` and `\]` are escapes, any other backslash is kept as is (§6.3.3).
 * Returns the elements and the index just after them.
 */
export function readStructuredData(text: string, start: number): { elements: SdElement[]; end: number } {
  if (text[start] === '-') return { elements: [], end: start + 1 };
  const elements: SdElement[] = [];
  let i = start;
  while (text[i] === '[') {
    i++;
    const idEnd = scanName(text, i);
    const element: SdElement = { id: text.slice(i, idEnd), params: [] };
    if (!element.id) throw new ParseError(`RFC 5424: empty SD-ID at ${i}`);
    i = idEnd;
    while (text[i] === ' ') {
      i++;
      const nameEnd = scanName(text, i);
      const name = text.slice(i, nameEnd);
      if (!name || text[nameEnd] !== '=' || text[nameEnd + 1] !== '"') throw new ParseError(`RFC 5424: bad SD-PARAM at ${i}`);
      i = nameEnd + 2;
      let value = '';
      for (;;) {
        const c = text[i];
        if (c === undefined) throw new ParseError('RFC 5424: unterminated SD-PARAM value');
        if (c === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\' || text[i + 1] === ']')) {
          value += text[i + 1];
          i += 2;
          continue;
        }
        i++;
        if (c === '"') break;
        value += c;
      }
      element.params.push([name, value]);
    }
    if (text[i] !== ']') throw new ParseError(`RFC 5424: expected "]" at ${i}`);
    i++;
    elements.push(element);
  }
  if (elements.length === 0) throw new ParseError('RFC 5424: STRUCTURED-DATA must be "-" or start with "["');
  return { elements, end: i };
}

/** SD-NAME: printable US-ASCII except `=`, space, `]` and `"` (§6.3.2). */
function scanName(text: string, start: number): number {
  let i = start;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c <= 32 || c > 126 || c === 61 || c === 93 || c === 34) break;
    i++;
  }
  return i;
}
