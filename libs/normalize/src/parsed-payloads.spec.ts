import type { RawEvent } from '@quell/contracts';
import { normalizeRecord } from './normalize-record';
import { rememberParsedJson, takeParsedJson } from './parsed-payloads';

function raw(payload: Buffer): RawEvent {
  return {
    id: 'raw-1',
    tenant: 'acme',
    receivedAt: Date.parse('2026-12-02T10:00:00Z'),
    source: { type: 'http', name: 'test', host: null },
    format: 'json',
    contentType: 'application/json',
    payload,
    attributes: {},
  };
}

const LINE = JSON.stringify({ '@timestamp': '2026-12-02T09:59:00Z', host: { name: 'web-1' }, event: { category: 'authentication', outcome: 'failure' }, message: 'Failed password' });

describe('parsed payloads', () => {
  it('normalizes a remembered payload from its parsed object, exactly as from its text', () => {
    const fromText = normalizeRecord(raw(Buffer.from(LINE)), 5);
    const payload = Buffer.from(LINE);
    rememberParsedJson(payload, JSON.parse(LINE) as Record<string, unknown>);
    expect(normalizeRecord(raw(payload), 5)).toEqual(fromText);
  });

  it('reads the remembered object rather than parsing the text again, once', () => {
    const payload = Buffer.from(LINE);
    // An object that differs from the text shows which of the two the normalizer read.
    rememberParsedJson(payload, { ...(JSON.parse(LINE) as Record<string, unknown>), host: { name: 'from-object' } });
    expect(normalizeRecord(raw(payload), 5).host?.name).toBe('from-object');
    // Handed over once: the same record normalized again (a retried batch) reads its text.
    expect(normalizeRecord(raw(payload), 5).host?.name).toBe('web-1');
  });

  it('keys by the Buffer itself: an equal payload that crossed a process (a copy) finds nothing', () => {
    const payload = Buffer.from(LINE);
    rememberParsedJson(payload, {});
    expect(takeParsedJson(Buffer.from(payload))).toBeUndefined();
    expect(takeParsedJson(payload)).toEqual({});
    expect(takeParsedJson(payload)).toBeUndefined();
  });
});
