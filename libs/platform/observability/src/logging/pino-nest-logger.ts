import type { LoggerService, LogLevel as NestLogLevel } from '@nestjs/common';
import type { Logger, LogLevel } from './create-logger';

type PinoMethod = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

const STACK_LINE = /\n\s+at /;
/** Nest's start-up chatter (a line per module and route, seven times in the all-in-one): debug, not info. */
const BOOTSTRAP_CONTEXTS = new Set(['RouterExplorer', 'RoutesResolver', 'InstanceLoader', 'NestFactory', 'NestApplication', 'NestMicroservice']);

/**
 * Routes Nest's own logs (bootstrap, route mapping, exceptions) through pino so a service
 * writes one JSON format. Use with `NestFactory.create(Module, { bufferLogs: true })` and
 * `app.useLogger(new PinoNestLogger(logger))`.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    const context = params.at(-1);
    this.write(typeof context === 'string' && BOOTSTRAP_CONTEXTS.has(context) ? 'debug' : 'info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  // Nest asks for a set of enabled levels; pino has one threshold, so take the most verbose.
  setLogLevels(levels: NestLogLevel[]): void {
    const order: [NestLogLevel, LogLevel][] = [
      ['verbose', 'trace'],
      ['debug', 'debug'],
      ['log', 'info'],
      ['warn', 'warn'],
      ['error', 'error'],
      ['fatal', 'fatal'],
    ];
    this.logger.level = order.find(([nest]) => levels.includes(nest))?.[1] ?? 'silent';
  }

  private write(method: PinoMethod, message: unknown, params: unknown[]): void {
    const fields: Record<string, unknown> = {};
    // Nest passes the context (class name) as the last string argument; error() may put a
    // stack trace before it, or pass only the stack.
    const rest = [...params];
    const last = rest.at(-1);
    if (typeof last === 'string' && !(rest.length === 1 && method === 'error' && STACK_LINE.test(last))) {
      fields.context = last;
      rest.pop();
    }
    for (const extra of rest) {
      if (typeof extra === 'string') fields.stack = extra;
      else if (extra instanceof Error) fields.err = extra;
    }
    if (message instanceof Error) {
      this.logger[method]({ ...fields, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      this.logger[method]({ ...fields, ...(message as Record<string, unknown>) });
    } else {
      this.logger[method](fields, String(message));
    }
  }
}
