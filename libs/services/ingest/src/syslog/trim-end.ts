/**
 * `text` without the trailing characters in `chars`. A scan, not `/[\r\n]+$/`: V8 retries such a
 * pattern from every position of a run that does not reach the end, quadratic in a 64 KiB frame.
 */
export function trimEnd(text: string, chars: string): string {
  let end = text.length;
  while (end > 0 && chars.includes(text[end - 1])) end--;
  return end === text.length ? text : text.slice(0, end);
}
