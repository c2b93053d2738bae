/**
 * The texts of JSON values written one after another (evtx_dump's output, the SigmaHQ regression
 * logs: objects back to back, not one per line), found by one scan that skips strings. Throws on a
 * character outside any value or a value cut off at the end; JSON.parse judges each value's syntax.
 */
export function splitConcatenatedJson(text: string): string[] {
  const values: string[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      if (depth++ === 0) start = i;
    } else if (c === '}' || c === ']') {
      if (--depth === 0) values.push(text.slice(start, i + 1));
    } else if (depth === 0 && !/[\s\uFEFF]/.test(c)) throw new Error(`unexpected ${c} at ${i} outside a JSON value`);
  }
  if (depth !== 0) throw new Error('truncated JSON value at the end');
  return values;
}
