import { Writable } from 'node:stream';
import { createLogger } from '@quell/platform-observability';
import { eachRecord } from './record-context';

describe('eachRecord', () => {
  it('logs each record with its topic, partition, offset and event id', async () => {
    const lines: Record<string, unknown>[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(JSON.parse(chunk.toString()));
        done();
      },
    });
    const logger = createLogger({ service: 'svc', level: 'info', destination });
    const records = [7, 8].map((n) => ({ topic: 't', partition: 2, offset: String(n), key: null, value: { id: `e${n}` }, headers: {}, timestamp: 0 }));
    const results = await eachRecord(records, async (r) => {
      await Promise.resolve();
      logger.info('handled');
      return r.offset;
    });
    expect(results).toEqual(['7', '8']);
    expect(lines).toEqual([
      expect.objectContaining({ service: 'svc', topic: 't', partition: 2, offset: '7', eventId: 'e7', msg: 'handled' }),
      expect.objectContaining({ offset: '8', eventId: 'e8' }),
    ]);
  });
});
