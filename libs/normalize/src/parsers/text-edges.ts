/**
 * Trimming without regular expressions: `/[\r\n]+$/` and the like are scanned from every start
 * position by V8, quadratic on a long run that does not reach the end (seconds for a 64 KiB field).
 */

/** `text` without the trailing characters that are in `chars`. */
export function trimEndOf(text: string, chars: string): string {
  let end = text.length;
  while (end > 0 && chars.includes(text[end - 1])) end--;
  return end === text.length ? text : text.slice(0, end);
}

/** `text` without trailing CR and LF. */
export function trimLineEnd(text: string): string {
  return trimEndOf(text, '\r\n');
}
