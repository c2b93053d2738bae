/**
 * Values as JSON lines (each followed by '\n') in one UTF-8 Buffer: the body of a
 * JSONEachRow or JSONCompactEachRow insert.
 *
 * Each line is encoded on its own into a buffer sized by the total length. Joining the lines
 * first and encoding the joined string cost more than the JSON itself. One line with a character
 * beyond Latin-1 (about one event in 500) makes the whole joined string two-byte, which is slower
 * to flatten and to encode. For the bench's event mix, 500 history rows at a time, thread CPU per
 * row including the row's values (2.8–4 µs alone): 15–16.7 µs joined, 10–12 line by line
 * (tools/bench/history-encode.ts).
 */
export function jsonLines(values: readonly unknown[]): Buffer {
  const lines = values.map((value) => JSON.stringify(value));
  // One byte per character (and the newlines) holds ASCII; the buffer grows for anything wider.
  let buffer: Buffer = Buffer.allocUnsafe(lines.reduce((total, line) => total + line.length + 1, 0));
  let offset = 0;
  for (const line of lines) {
    // A UTF-16 unit takes at most 3 UTF-8 bytes; only a line that might not fit is measured exactly.
    const room = buffer.length - offset;
    if (room < line.length * 3 + 1) {
      const needed = Buffer.byteLength(line) + 1;
      if (room < needed) buffer = grown(buffer, offset, offset + needed);
    }
    offset += buffer.write(line, offset);
    buffer[offset++] = 0x0a;
  }
  return buffer.subarray(0, offset);
}

function grown(buffer: Buffer, used: number, atLeast: number): Buffer {
  const larger = Buffer.allocUnsafe(Math.max(atLeast, buffer.length * 2));
  buffer.copy(larger, 0, 0, used);
  return larger;
}
