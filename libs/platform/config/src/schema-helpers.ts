import { z } from 'zod';

/** Metadata key that marks a config value as secret (redacted from logs, hidden in docs). */
export interface ConfigMeta {
  secret?: boolean;
}

/** `"a, b,,c"` → `['a', 'b', 'c']`; blanks are dropped so a trailing comma is harmless. */
export function commaList() {
  return z.string().transform((raw) =>
    raw
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item.length > 0),
  );
}

const TRUTHY = new Set(['true', '1', 'yes', 'on']);
const FALSY = new Set(['false', '0', 'no', 'off']);

/**
 * Accepts the spellings operators actually type into env files: true/false, 1/0, yes/no, on/off.
 * Hand-rolled rather than `z.stringbool()` because a failed stringbool aborts the whole object,
 * which would hide the cross-key errors (e.g. missing KAFKA_BROKERS) reported in the same boot.
 */
export function boolFromString() {
  return z.string().transform((raw, ctx) => {
    const normalized = raw.trim().toLowerCase();
    if (TRUTHY.has(normalized)) return true;
    if (FALSY.has(normalized)) return false;
    ctx.addIssue({ code: 'custom', message: `expected true or false, got ${JSON.stringify(raw)}` });
    return z.NEVER;
  });
}

/** An integer written as decimal digits, within [min, max]; one message covers every way it can be wrong. */
export function intInRange(min: number, max: number) {
  return z.string().transform((raw, ctx) => {
    const trimmed = raw.trim();
    const value = Number(trimmed);
    if (!/^-?\d+$/.test(trimmed) || value < min || value > max) {
      ctx.addIssue({
        code: 'custom',
        message: `expected an integer between ${min} and ${max}, got ${JSON.stringify(raw)}`,
      });
      return z.NEVER;
    }
    return value;
  });
}

/** One of a fixed set of strings, with an error that shows the allowed values and what was given. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, {
    error: (issue) => `expected one of ${values.join(', ')}, got ${JSON.stringify(issue.input)}`,
  });
}

/** A non-empty string marked secret: `secretKeys()` lists it so loggers redact it. */
export function secret() {
  return z.string().min(1, 'must not be empty').meta({ secret: true } satisfies ConfigMeta);
}
