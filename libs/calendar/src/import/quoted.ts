const MAX_ECHO = 60;

/** Input echoed in an error message, quoted and cut short: a bad cell may be kilobytes long. */
export function quoted(text: string): string {
  return JSON.stringify(text.length > MAX_ECHO ? `${text.slice(0, MAX_ECHO)}…` : text);
}
