/** Nesting that no log shipper sends; deeper documents are refused before anything recurses into them. */
export const MAX_JSON_DEPTH = 100;

/**
 * The deepest nesting of objects and arrays in a JSON text, found by one scan that skips strings,
 * without parsing (so a hostile document cannot exhaust the stack here). Stops counting once
 * `stopAt` is passed. Malformed text gives a number too; JSON.parse judges the syntax.
 */
export function jsonNestingDepth(text: string, stopAt = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // Strings are most of an event's text: jump over them with the native indexOf (on the normalizer's
    // hot path a character-by-character walk cost twice JSON.parse itself).
    if (code === 0x22) i = closingQuote(text, i);
    else if (code === 0x7b || code === 0x5b) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > stopAt) return deepest;
    } else if (code === 0x7d || code === 0x5d) depth--;
  }
  return deepest;
}

/**
 * The deepest nesting of objects and arrays in an already parsed value (an object is 1), walked
 * without recursion; stops once past `stopAt`. For values JSON.parse built from hostile text, which
 * it does iteratively, before anything recursive (JSON.stringify, a parser) touches them.
 */
export function jsonValueDepth(value: unknown, stopAt = Number.POSITIVE_INFINITY): number {
  let deepest = 0;
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [current, above] = pending.pop() as [unknown, number];
    if (current === null || typeof current !== 'object') continue;
    const depth = above + 1;
    if (depth > deepest) deepest = depth;
    if (deepest > stopAt) return deepest;
    for (const child of Array.isArray(current) ? current : Object.values(current)) {
      if (child !== null && typeof child === 'object') pending.push([child, depth]);
    }
  }
  return deepest;
}

/** Index of the quote that closes the string opened at `open` (one not escaped), or the text's end. */
function closingQuote(text: string, open: number): number {
  let at = text.indexOf('"', open + 1);
  while (at > 0) {
    let backslashes = 0;
    while (text.charCodeAt(at - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return at;
    at = text.indexOf('"', at + 1);
  }
  return text.length;
}

/** Thrown for a JSON text nested deeper than allowed; the message says by how much. */
export class JsonTooDeepError extends Error {
  constructor(readonly maxDepth: number) {
    super(`JSON is nested more than ${maxDepth} levels deep`);
  }
}

/**
 * JSON.parse behind the nesting limit: throws JsonTooDeepError for a document nested deeper than
 * `maxDepth`. V8's JSON.parse is iterative, so the text is parsed first and the built value walked
 * without recursion: on the normalizer's hot path that costs about a tenth of the parse, where a
 * scan of the text before it cost about as much as the parse itself.
 */
export function parseJsonWithinDepth(text: string, maxDepth = MAX_JSON_DEPTH): unknown {
  const value: unknown = JSON.parse(text);
  if (jsonValueDepth(value, maxDepth) > maxDepth) throw new JsonTooDeepError(maxDepth);
  return value;
}
