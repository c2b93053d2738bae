import { createLogger } from './create-logger';
import { PinoNestLogger } from './pino-nest-logger';

describe('PinoNestLogger', () => {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({ service: 'ingest', level: 'trace', destination: { write: (line: string) => lines.push(JSON.parse(line)) } });
  const nest = new PinoNestLogger(logger);

  beforeEach(() => lines.splice(0));

  it('maps Nest levels and context to pino JSON', () => {
    nest.log('Mapped {/health/live, GET} route', 'RouterExplorer');
    nest.verbose('details');
    nest.log('listening', 'AppService');
    expect(lines[0]).toMatchObject({ level: 'debug', service: 'ingest', context: 'RouterExplorer', msg: 'Mapped {/health/live, GET} route' });
    expect(lines[1]).toMatchObject({ level: 'trace', msg: 'details' });
    expect(lines[2]).toMatchObject({ level: 'info', context: 'AppService' });
  });

  it('keeps the stack of errors', () => {
    const error = new Error('boom');
    nest.error(error.message, error.stack, 'ExceptionHandler');
    nest.error('only a stack', error.stack);
    expect(lines[0]).toMatchObject({ level: 'error', context: 'ExceptionHandler', stack: error.stack, msg: 'boom' });
    expect(lines[1]).toMatchObject({ stack: error.stack, msg: 'only a stack' });
    expect(lines[1]).not.toHaveProperty('context');
  });

  it('lowers pino to the most verbose level Nest enables', () => {
    nest.setLogLevels(['error', 'warn', 'log']);
    expect(logger.level).toBe('info');
    nest.setLogLevels(['verbose', 'error']);
    expect(logger.level).toBe('trace');
  });
});
