/** One line of the input to send, with its number in the file (1-based) for rejection reports. */
export interface ReplayLine {
  line: number;
  text: string;
}

/**
 * The non-blank lines of a byte stream, read chunk by chunk so a file of any size streams through
 * in constant memory. Cut at LF with a trailing CR dropped, and blank lines skipped, as ingest cuts
 * an NDJSON or text body: the n-th line sent is the n-th entry of ingest's answer.
 */
export async function* replayLines(input: AsyncIterable<Buffer | string>): AsyncGenerator<ReplayLine> {
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  let number = 0;
  for await (const chunk of input) {
    pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let start = 0;
    let end: number;
    while ((end = pending.indexOf('\n', start)) >= 0) {
      number += 1;
      const text = pending.slice(start, end).replace(/\r$/, '');
      start = end + 1;
      if (text.trim().length > 0) yield { line: number, text };
    }
    pending = pending.slice(start);
  }
  pending += decoder.decode();
  if (pending.trim().length > 0) yield { line: number + 1, text: pending.replace(/\r$/, '') };
}
