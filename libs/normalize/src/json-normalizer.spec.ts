import type { RawEvent } from '@quell/contracts';
import { MAX_FIELD_LENGTH, TRUNCATED } from './build-event';
import { normalizeJson, MAX_RAW_TEXT } from './json-normalizer';
import { NormalizeError } from './normalize-error';
import { stableId } from './stable-id';

function raw(payload: string): RawEvent {
  return {
    id: 'raw-1',
    tenant: 'acme',
    receivedAt: Date.parse('2026-11-28T10:00:00Z'),
    source: { type: 'http', name: 'test', host: 'shipper-host' },
    format: 'json',
    contentType: 'application/json',
    payload: Buffer.from(payload),
    attributes: {},
  };
}

describe('normalizeJson', () => {
  it('maps ECS fields onto the normalized event and keeps the original', () => {
    const event = normalizeJson(
      raw(
        JSON.stringify({
          '@timestamp': '2026-11-28T09:59:00.123Z',
          event: { category: 'authentication', action: 'ssh_login', outcome: 'failure' },
          host: { name: 'web-1', ip: '10.0.0.5' },
          user: { name: 'bob', domain: 'CORP' },
          source: { ip: '203.0.113.7', port: 51234 },
          process: { pid: 4242, name: 'sshd', command_line: 'sshd: bob' },
          message: 'Failed password',
        }),
      ),
      1,
    );
    expect(event).toMatchObject({
      id: 'raw-1',
      tenant: 'acme',
      time: Date.parse('2026-11-28T09:59:00.123Z'),
      className: 'authentication',
      classUid: 3002,
      action: 'ssh_login',
      outcome: 'failure',
      host: { name: 'web-1', ip: '10.0.0.5' },
      user: { name: 'bob', domain: 'CORP' },
      src: { ip: '203.0.113.7', port: 51234 },
      process: { pid: 4242, name: 'sshd', commandLine: 'sshd: bob' },
      message: 'Failed password',
      parseWarnings: [],
    });
    expect(event.original['source.port']).toBe('51234');
  });

  it('lower-cases the host name, as the Event documents, whatever case the source writes it in', () => {
    // Winlogbeat names the host as Windows does (elastic/beats winlogbeat golden files: WIN-41OB2LO92CR.wlbeat.local).
    const winlogbeat = { '@timestamp': '2026-11-28T09:59:00Z', host: { name: 'WIN-41OB2LO92CR.wlbeat.local' }, winlog: { channel: 'Security', event_id: 4625, computer_name: 'WIN-41OB2LO92CR.wlbeat.local', provider_name: 'Microsoft-Windows-Security-Auditing', event_data: { TargetUserName: 'bob' } } };
    const event = normalizeJson(raw(JSON.stringify(winlogbeat)), 1);
    expect(event.host?.name).toBe('win-41ob2lo92cr.wlbeat.local');
    // The record keeps the name as it came: Sigma's Computer still matches it as written.
    expect(event.original['Computer'] ?? event.original['winlog.computer_name']).toBe('WIN-41OB2LO92CR.wlbeat.local');
    // A host known only from the transport (the shipper's address) is lower-cased too.
    expect(normalizeJson({ ...raw(JSON.stringify({ message: 'x' })), source: { type: 'http', name: 'test', host: 'Shipper-HOST' } }, 1).host?.name).toBe('shipper-host');
  });

  it('uses the receive time, with a warning, when the record has no usable timestamp', () => {
    const event = normalizeJson(raw('{"@timestamp":"yesterday-ish"}'), 1);
    expect(event.time).toBe(Date.parse('2026-11-28T10:00:00Z'));
    expect(event.parseWarnings[0]).toMatch(/unparseable timestamp/);
  });

  it('rejects what is not a JSON object with a permanent error', () => {
    expect(() => normalizeJson(raw('not json'), 1)).toThrow(NormalizeError);
    expect(() => normalizeJson(raw('[1,2]'), 1)).toThrow(/JSON object/);
    try {
      normalizeJson(raw('not json'), 1);
    } catch (error) {
      expect((error as NormalizeError).retriable).toBe(false);
      // The dead letter's errorClass is the error's name: it must tell a bad record from a crash.
      expect((error as NormalizeError).name).toBe('NormalizeError');
    }
  });

  it('truncates an oversized original text with a marker', () => {
    const event = normalizeJson(raw(JSON.stringify({ message: 'x'.repeat(MAX_RAW_TEXT * 2) })), 1);
    expect(event.rawText!.endsWith('…[truncated]')).toBe(true);
    expect(event.rawText!.length).toBeLessThan(MAX_RAW_TEXT + 20);
  });

  it('cuts an oversized field value with a marker and a warning, and leaves the other fields whole', () => {
    const long = 'y'.repeat(MAX_FIELD_LENGTH + 10);
    const event = normalizeJson(raw(JSON.stringify({ '@timestamp': '2026-11-28T10:00:00Z', message: long, user: { name: 'alice' }, note: 'short' })), 1);
    expect(event.original['message']).toBe('y'.repeat(MAX_FIELD_LENGTH) + TRUNCATED);
    expect(event.message).toBe('y'.repeat(MAX_FIELD_LENGTH) + TRUNCATED);
    expect(event.original['note']).toBe('short');
    expect(event.user?.name).toBe('alice');
    expect(event.parseWarnings).toContain(`field message truncated to ${MAX_FIELD_LENGTH} characters`);
    expect(event.tags).toContain('parse_warning');
  });
});

describe('stableId', () => {
  it('is a time-ordered UUIDv7 that repeats for the same input', () => {
    const a = stableId(1_700_000_000_000, 'topic:0:42');
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(stableId(1_700_000_000_000, 'topic:0:42')).toBe(a);
    expect(stableId(1_700_000_000_000, 'topic:0:43')).not.toBe(a);
    expect(stableId(1_700_000_000_001, 'z') > stableId(1_700_000_000_000, 'z')).toBe(true);
  });
});
