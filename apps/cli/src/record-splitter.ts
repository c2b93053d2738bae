import { jsonNestingDepth, JsonTooDeepError, jsonValueDepth, MAX_JSON_DEPTH } from '@quell/input-limits';

/** One record of the input, with the line it starts on (1-based) for error messages. */
export interface InputRecord {
  line: number;
  text: string;
  /** Why the record is refused before parsing (e.g. JSON nested too deep); its text is then empty. */
  rejected?: string;
}

const TOO_DEEP = new JsonTooDeepError(MAX_JSON_DEPTH).message;

/** One record per non-empty line; a JSON line nested deeper than MAX_JSON_DEPTH is refused. */
export function splitLines(text: string): InputRecord[] {
  return text
    .split('\n')
    .map((raw, index) => withinDepth({ line: index + 1, text: raw.replace(/\r$/, '') }))
    .filter((record) => record.rejected !== undefined || record.text.trim().length > 0);
}

/** Refuses a JSON-looking record nested deeper than the limit, before a recursive parser meets it. */
function withinDepth(record: InputRecord): InputRecord {
  if (!/^\s*[[{]/.test(record.text) || jsonNestingDepth(record.text, MAX_JSON_DEPTH) <= MAX_JSON_DEPTH) return record;
  return { line: record.line, text: '', rejected: TOO_DEEP };
}

/**
 * Cuts a stream of concatenated JSON values (NDJSON, pretty-printed objects one after another,
 * arrays) into top-level values; an array yields its elements. A raw newline inside a string
 * cannot be valid JSON, so it ends a broken value there and the scan resumes on the next line:
 * one bad record never swallows the rest of the input.
 */
export function splitJsonValues(text: string): InputRecord[] {
  const records: InputRecord[] = [];
  let line = 1;
  let start = -1;
  let startLine = 1;
  let depth = 0;
  let inString = false;
  let escaped = false;
  const emit = (end: number) => {
    records.push(...expand({ line: startLine, text: text.slice(start, end) }));
    start = -1;
    depth = 0;
    inString = false;
    escaped = false;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') line++;
    if (start < 0) {
      // Whitespace and commas between top-level values (`{..},{..}`) separate, they are not records.
      if (/[\s,]/.test(ch)) continue;
      start = i;
      startLine = line;
    }
    if (inString) {
      if (ch === '\n') emit(i);
      else if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') {
      depth--;
      if (depth === 0) emit(i + 1);
      continue;
    }
    // A value still open at a line end continues (pretty-printed JSON) unless the next line starts a
    // new top-level value at column 0; a scalar or unbalanced value ends with its line.
    if (ch === '\n' && (depth <= 0 || text[i + 1] === '{' || text[i + 1] === '[')) emit(i);
  }
  if (start >= 0) emit(text.length);
  return records.filter((record) => record.rejected !== undefined || record.text.trim().length > 0);
}

function expand(record: InputRecord): InputRecord[] {
  const text = record.text.trim();
  if (!text.startsWith('[')) return [withinDepth({ line: record.line, text })];
  try {
    // JSON.parse does not recurse; JSON.stringify does, so each element's depth is checked first.
    const items: unknown = JSON.parse(text);
    if (Array.isArray(items)) {
      return items.map((item) =>
        jsonValueDepth(item, MAX_JSON_DEPTH) > MAX_JSON_DEPTH
          ? { line: record.line, text: '', rejected: TOO_DEEP }
          : { line: record.line, text: JSON.stringify(item) },
      );
    }
  } catch {
    // Not a valid array: handed on as it is, so the parser reports why.
  }
  return [withinDepth({ line: record.line, text })];
}
