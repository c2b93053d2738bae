import pino from 'pino';
import { getLogContext } from './log-context';

export type Logger = pino.Logger;
export type LogLevel = pino.LevelWithSilent;

export interface CreateLoggerOptions {
  service: string;
  level: LogLevel;
  /** Extra keys to redact wherever they appear, e.g. `secretKeys(appConfigSchema)`. */
  redactKeys?: readonly string[];
  /** Where JSON lines go; stdout when omitted. Tests pass an in-memory stream. */
  destination?: pino.DestinationStream;
}

/** Keys that hold credentials in HTTP requests, client options and config objects. */
export const DEFAULT_REDACT_KEYS: readonly string[] = [
  'password',
  'passwd',
  'secret',
  'token',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'apiKey',
  'api_key',
  'apikey',
  'authorization',
  'Authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
];

export const REDACTED = '[redacted]';

// pino's redaction works on paths, not key names. Secrets turn up at the top of a log object,
// inside one object (`config.KAFKA_SASL_PASSWORD`) or two (`req.headers.authorization`), so each
// key is matched at those three depths; deeper nesting is not logged by Quell code.
export function redactPaths(keys: readonly string[]): string[] {
  return [...new Set(keys)].flatMap((key) => {
    const access = /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
    return [access.startsWith('.') ? key : access, `*${access}`, `*.*${access}`];
  });
}

/** pino JSON logger: `service` on every line, ISO time, secrets redacted, current log context mixed in. */
export function createLogger(options: CreateLoggerOptions): Logger {
  const pinoOptions: pino.LoggerOptions = {
    level: options.level,
    base: { service: options.service },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Level names rather than numbers, so log queries read `level:"error"`.
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: redactPaths([...DEFAULT_REDACT_KEYS, ...(options.redactKeys ?? [])]), censor: REDACTED },
    // A copy: pino merges each line's own fields into the object the mixin returns, which would
    // otherwise be the live context and carry one line's fields onto every later line.
    mixin: () => ({ ...getLogContext() }),
  };
  return options.destination ? pino(pinoOptions, options.destination) : pino(pinoOptions);
}
