/**
 * JSON payloads already parsed in this process, keyed by the payload Buffer itself. Ingest parses
 * every JSON entry to validate it (an object, within MAX_JSON_DEPTH); in the all-in-one the
 * normalizer is handed that same Buffer and takes the parsed object instead of parsing the text a
 * second time. Across a process (Kafka) the normalizer holds a Buffer of its own and finds nothing,
 * so it parses as before. Weak: an entry goes with its payload, taken or not.
 */
const parsedPayloads = new WeakMap<Buffer, Record<string, unknown>>();

/**
 * Hands `value`, the JSON object `payload` parses to (checked as the normalizer checks it), to
 * whoever normalizes this very Buffer in this process. The caller must not keep or change `value`.
 */
export function rememberParsedJson(payload: Buffer, value: Record<string, unknown>): void {
  parsedPayloads.set(payload, value);
}

/**
 * The object remembered for this payload, once: a record normalized again (a retried batch)
 * parses its text, so nothing depends on what a first attempt did with the object.
 */
export function takeParsedJson(payload: Buffer): Record<string, unknown> | undefined {
  const value = parsedPayloads.get(payload);
  if (value !== undefined) parsedPayloads.delete(payload);
  return value;
}
