import { createLogger, REDACTED, type LogLevel } from './create-logger';
import { getLogContext, runWithLogContext } from './log-context';

function capture(level: LogLevel = 'info', redactKeys?: string[]) {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    service: 'correlator',
    level,
    redactKeys,
    destination: { write: (line: string) => lines.push(JSON.parse(line)) },
  });
  return { logger, lines };
}

describe('createLogger', () => {
  it('writes JSON with service, level name and ISO time', () => {
    const { logger, lines } = capture();
    logger.info('started');
    expect(lines[0]).toMatchObject({ service: 'correlator', level: 'info', msg: 'started' });
    expect(new Date(lines[0].time as string).toISOString()).toBe(lines[0].time);
  });

  it('honours the level', () => {
    const { logger, lines } = capture('warn');
    logger.info('hidden');
    logger.warn('shown');
    expect(lines.map((line) => line.msg)).toEqual(['shown']);
  });

  it('adds the record context to every line logged inside runWithLogContext, across awaits', async () => {
    const { logger, lines } = capture();
    await runWithLogContext({ topic: 'quell.events.v1', partition: 3, offset: '42', eventId: 'evt-1' }, async () => {
      logger.info('first');
      await new Promise((resolve) => setImmediate(resolve));
      logger.child({ component: 'window' }).warn('second');
    });
    logger.info('outside');
    const expected = { topic: 'quell.events.v1', partition: 3, offset: '42', eventId: 'evt-1' };
    expect(lines[0]).toMatchObject(expected);
    expect(lines[1]).toMatchObject({ ...expected, component: 'window' });
    expect(lines[2]).not.toHaveProperty('topic');
  });

  it('keeps the fields of one line off the next: a line never writes into the record context', () => {
    const { logger, lines } = capture();
    runWithLogContext({ requestId: 'r-1' }, () => {
      logger.info({ file: 'a.yml', reason: 'write' }, 'rule file written');
      logger.info('rules reloaded');
      expect(getLogContext()).toEqual({ requestId: 'r-1' });
    });
    expect(lines[1]).toEqual(expect.objectContaining({ requestId: 'r-1', msg: 'rules reloaded' }));
    expect(lines[1]).not.toHaveProperty('file');
    expect(lines[1]).not.toHaveProperty('reason');
  });

  it('keeps concurrent contexts apart and lets nested contexts refine the outer one', async () => {
    const { logger, lines } = capture();
    const handle = (offset: string) =>
      runWithLogContext({ offset }, async () => {
        await new Promise((resolve) => setTimeout(resolve, Number(offset)));
        logger.info(`record ${offset}`);
      });
    await runWithLogContext({ topic: 't', partition: 0 }, () => Promise.all([handle('5'), handle('1')]));
    expect(lines).toEqual([
      expect.objectContaining({ msg: 'record 1', topic: 't', partition: 0, offset: '1' }),
      expect.objectContaining({ msg: 'record 5', topic: 't', partition: 0, offset: '5' }),
    ]);
    expect(getLogContext()).toBeUndefined();
  });

  it('redacts credentials at the top level, in objects and in request headers', () => {
    const { logger, lines } = capture();
    logger.info({
      password: 'hunter2',
      client: { token: 't0k', host: 'redis' },
      req: { headers: { authorization: 'Bearer abc', 'x-api-key': 'k', accept: 'json' } },
    });
    expect(lines[0]).toMatchObject({
      password: REDACTED,
      client: { token: REDACTED, host: 'redis' },
      req: { headers: { authorization: REDACTED, 'x-api-key': REDACTED, accept: 'json' } },
    });
    expect(JSON.stringify(lines[0])).not.toMatch(/hunter2|t0k|abc/);
  });

  it('redacts configured keys such as config secrets', () => {
    const { logger, lines } = capture('info', ['KAFKA_SASL_PASSWORD']);
    logger.info({ config: { KAFKA_SASL_PASSWORD: 's3cret', KAFKA_BROKERS: ['b:9092'] } }, 'config loaded');
    expect(lines[0]).toMatchObject({ config: { KAFKA_SASL_PASSWORD: REDACTED, KAFKA_BROKERS: ['b:9092'] } });
  });

  it('redacts secrets in the log context, a child logger\'s bindings and an error\'s own fields, leaving the logged objects as they were', () => {
    const { logger, lines } = capture();
    const fields = { client: { token: 't0k', host: 'redis' } };
    const error = Object.assign(new Error('refused'), { config: { password: 'hunter2', host: 'h' } });
    runWithLogContext({ topic: 't', apiKey: 'k1' } as never, () => logger.child({ authorization: 'Basic x' }).error({ ...fields, err: error }, 'failed'));
    expect(lines[0]).toMatchObject({
      authorization: REDACTED,
      apiKey: REDACTED,
      topic: 't',
      client: { token: REDACTED, host: 'redis' },
      err: { message: 'refused', type: 'Error', config: { password: REDACTED, host: 'h' } },
    });
    expect(JSON.stringify(lines[0])).not.toMatch(/hunter2|t0k|k1|Basic x/);
    expect(fields.client.token).toBe('t0k');
    expect(error.config.password).toBe('hunter2');
  });
});
