/**
 * Why an ad-hoc statement may not run, or undefined when it may. It reads the text ClickHouse's own
 * formatter gave back (`formatQuery`: one statement, no comments, keywords in capitals), so a
 * keyword hidden in a comment or split across lines is already gone; quoted text is skipped.
 * The engine's `readonly = 1` is what stops writes; these are the holes readonly leaves open.
 */
export function selectRefusal(canonical: string): string | undefined {
  const words = wordsOf(canonical);
  const first = words[0]?.word;
  if (first !== 'SELECT' && first !== 'WITH') return `only a SELECT (or WITH … SELECT) runs here, not ${first ?? 'an empty statement'}`;
  for (const { word, call } of words) {
    // A SETTINGS clause, even in a subquery, may set readonly = 0 for what it reads.
    if (word === 'SETTINGS') return 'SETTINGS is not allowed: the server sets them (read-only, time, row and memory limits)';
    // readonly lets SELECT … INTO OUTFILE write a file on the server.
    if (word === 'INTO') return 'INTO OUTFILE is not allowed: the answer comes back as JSON rows';
    if (word === 'FORMAT' && !call) return 'FORMAT is not allowed: the answer comes back as JSON rows';
  }
  return undefined;
}

interface Word {
  word: string;
  /** Followed by "(": a function (`format(…)`), not a clause. */
  call: boolean;
}

const QUOTES = new Set(["'", '"', '`']);

/** The unquoted words of a statement, in capitals: quoted strings and identifiers are skipped whole. */
function wordsOf(text: string): Word[] {
  const words: Word[] = [];
  let at = 0;
  while (at < text.length) {
    const char = text[at];
    if (QUOTES.has(char)) at = closingQuote(text, at) + 1;
    else if (/[A-Za-z_]/.test(char)) {
      const end = wordEnd(text, at);
      words.push({ word: text.slice(at, end).toUpperCase(), call: /^\s*\(/.test(text.slice(end, end + 64)) });
      at = end;
    } else at += 1;
  }
  return words;
}

function wordEnd(text: string, start: number): number {
  let end = start;
  while (end < text.length && /[A-Za-z0-9_]/.test(text[end])) end += 1;
  return end;
}

/** Where the quote opened at `start` closes: a backslash escapes one character, a doubled quote is one quote. */
function closingQuote(text: string, start: number): number {
  const quote = text[start];
  let at = start + 1;
  while (at < text.length) {
    if (text[at] === '\\') at += 2;
    else if (text[at] === quote && text[at + 1] === quote) at += 2;
    else if (text[at] === quote) return at;
    else at += 1;
  }
  return text.length;
}
