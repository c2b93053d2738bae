import pino from 'pino';
import { getLogContext } from './log-context';
import { secretsRedacted } from './secrets-redacted';

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

/** pino JSON logger: `service` on every line, ISO time, secrets redacted, current log context mixed in. */
export function createLogger(options: CreateLoggerOptions): Logger {
  const keys = new Set([...DEFAULT_REDACT_KEYS, ...(options.redactKeys ?? [])]);
  const redacted = <T>(value: T): T => secretsRedacted(value, keys, REDACTED);
  const pinoOptions: pino.LoggerOptions = {
    level: options.level,
    base: { service: options.service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      // Level names rather than numbers, so log queries read `level:"error"`.
      level: (label) => ({ level: label }),
      // Secrets by key name, at the top of a line and two objects down (see secretsRedacted), in
      // the line's own fields and the log context mixed in.
      log: redacted,
      bindings: redacted,
    },
    serializers: { err: (error: unknown) => redactedError(error, keys) },
    // A copy: pino merges each line's own fields into the object the mixin returns, which would
    // otherwise be the live context and carry one line's fields onto every later line.
    mixin: () => ({ ...getLogContext() }),
  };
  const logger = options.destination ? pino(pinoOptions, options.destination) : pino(pinoOptions);
  // pino formats a child's bindings without the `bindings` formatter (it applies to the base only),
  // so they are redacted on their way in; children of children inherit this `child`.
  const child = logger.child;
  logger.child = function redactedChild(this: Logger, bindings, childOptions) {
    return child.call(this, redacted(bindings), childOptions);
  } as Logger['child'];
  return logger;
}

/**
 * An error as pino's serializer writes it, its own fields redacted one level below the line's top,
 * as a plain object's would be: serializers run after the `log` formatter, which leaves errors
 * whole, and the serializer's object has its own prototype, which secretsRedacted does not walk.
 */
function redactedError(error: unknown, keys: ReadonlySet<string>): unknown {
  const serialized: unknown = pino.stdSerializers.err(error as Error);
  if (typeof serialized !== 'object' || serialized === null) return serialized;
  return secretsRedacted({ ...serialized }, keys, REDACTED, 2);
}
