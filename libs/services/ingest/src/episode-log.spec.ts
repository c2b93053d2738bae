import { EpisodeLog } from './episode-log';

describe('EpisodeLog', () => {
  it('logs the first occurrence at once, then at most one line per interval with the count since', () => {
    const lines: Array<{ obj: Record<string, unknown>; msg?: string }> = [];
    let now = 1_000;
    const log = new EpisodeLog({ warn: (obj: object, msg?: string) => lines.push({ obj: obj as Record<string, unknown>, msg }) }, 'refused', 10_000, () => now);

    log.note({ topic: 'raw' });
    for (let i = 0; i < 999; i += 1) {
      now += 5;
      log.note({ topic: 'raw' });
    }
    expect(lines).toEqual([{ obj: { topic: 'raw', count: 1, sinceLastLogMs: undefined }, msg: 'refused' }]);

    now = 11_000;
    log.note({ topic: 'raw' }, 3);
    expect(lines[1]).toEqual({ obj: { topic: 'raw', count: 1002, sinceLastLogMs: 10_000 }, msg: 'refused' });
    now = 12_000;
    log.note({ topic: 'raw' });
    expect(lines).toHaveLength(2);
  });
});
