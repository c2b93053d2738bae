import type { DestinationStream } from 'pino';
import pinoPretty from 'pino-pretty';

/**
 * Where the all-in-one's log lines go: readable lines (time, level, service, message) when a person
 * watches a terminal, pino's JSON lines otherwise (a file, a pipe, a log collector) — unless
 * LOG_FORMAT says which.
 */
export function logDestination(stream: NodeJS.WriteStream, format: string | undefined): DestinationStream | undefined {
  const pretty = format === 'pretty' || (format !== 'json' && stream.isTTY === true);
  if (!pretty) return undefined;
  return pinoPretty({
    destination: stream,
    colorize: stream.isTTY === true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,service',
    messageFormat: '{service}: {msg}',
    singleLine: true,
    sync: true,
  });
}

/** LOG_FORMAT values; anything else is a start-up error naming the key. */
export const LOG_FORMATS = ['json', 'pretty'] as const;
