/**
 * CEF extension `key=value key=value`: a value runs until the single space before the next `key=`; an
 * `=` inside a value must be escaped as `\=`, which is why a key never follows a backslash.
 * Unescapes `\=`, `\\`, `\|`, `\n`, `\r` (CEF spec "Character Encoding").
 */
const KEY = /(?:^| )([A-Za-z0-9_.,\-[\]]+)=/g;

export function parseCefExtension(text: string): Array<[string, string]> {
  const keys: Array<{ name: string; start: number; valueStart: number }> = [];
  for (const m of text.matchAll(KEY)) {
    const start = m.index;
    keys.push({ name: m[1], start, valueStart: start + m[0].length });
  }
  return keys.map((key, i) => {
    const end = i + 1 < keys.length ? keys[i + 1].start : text.length;
    // Whitespace inside a value is kept; only the last value loses trailing whitespace (line ends).
    const raw = text.slice(key.valueStart, end);
    return [key.name, unescapeCef(i + 1 < keys.length ? raw : raw.trimEnd())];
  });
}

export function unescapeCef(value: string): string {
  return value.replace(/\\([=\\|nr])/g, (_, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c));
}
