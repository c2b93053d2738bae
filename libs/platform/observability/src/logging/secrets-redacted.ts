/**
 * `value` with the value of every key in `keys` replaced by `censor`, down to `levels` objects deep:
 * at 3, a secret at the top of a log object (`password`), inside one object
 * (`config.KAFKA_SASL_PASSWORD`) or inside two (`req.headers.authorization`). Arrays count as a
 * level. Only plain objects and arrays are walked (a Buffer's bytes or a class instance are left as
 * they are). The objects on the way to a secret are copied, so the caller's are never changed, and
 * a value holding no secret is returned as it is.
 *
 * Quell's own rather than pino's `redact`: pino matches paths, so a key name at any of three depths
 * took three wildcard paths per key, and its redactor parsed every path again for every value of
 * every line. With the 16 default keys, a `notification sent` line cost 50–62 µs; by key name
 * 3.3–5.1, beside 2.2–3.8 unredacted (tools/bench/log-line.ts, three rounds).
 */
export function secretsRedacted<T>(value: T, keys: ReadonlySet<string>, censor: string, levels = 3): T {
  if (levels === 0 || !isWalked(value)) return value;
  const source = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(source)) {
    const inner = source[key];
    const replaced = keys.has(key) && inner !== undefined ? censor : secretsRedacted(inner, keys, censor, levels - 1);
    if (replaced === inner) continue;
    copy ??= (Array.isArray(source) ? [...source] : { ...source }) as Record<string, unknown>;
    copy[key] = replaced;
  }
  return (copy ?? value) as T;
}

function isWalked(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return true;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}
