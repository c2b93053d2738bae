import { normalizeRecord } from '@quell/normalize';
import { rawEventFromShipper, type ShipperTopic } from './raw-event.factory';

const AUTO: ShipperTopic = { format: 'auto', tenant: 'acme', tenantFromHeader: true };

function record(value: string, headers: Record<string, string>) {
  return { topic: 'quell.ingest.v1', partition: 0, offset: '7', timestamp: 1_700_000_000_000, headers, value: Buffer.from(value) };
}

describe('rawEventFromShipper', () => {
  it('resolves a quell.format: syslog header per record, as HTTP ?format=syslog does (it was dead-lettered as unknown)', () => {
    const bsd = rawEventFromShipper(record('<38>Dec  2 09:59:00 web-1 sshd[1]: Failed password for root from 203.0.113.9 port 1 ssh2', { 'quell.format': 'syslog' }), AUTO, 1);
    const rfc5424 = rawEventFromShipper(record('<38>1 2026-12-02T09:59:00Z web-1 sshd 1 - - Failed password', { 'quell.format': 'syslog' }), AUTO, 1);
    expect(bsd.format).toBe('syslog3164');
    expect(rfc5424.format).toBe('syslog5424');
    expect(normalizeRecord(bsd, 1).className).toBe('authentication');
  });

  it('keeps other declared formats, no header means detection, and an unknown name reaches the normalizer to be refused by name', () => {
    expect(rawEventFromShipper(record('CEF:0|a|b|1|2|n|3|', { 'quell.format': 'cef' }), AUTO, 1).format).toBe('cef');
    expect(rawEventFromShipper(record('{}', {}), AUTO, 1).format).toBeNull();
    const unknown = rawEventFromShipper(record('x', { 'quell.format': 'gelf' }), AUTO, 1);
    expect(() => normalizeRecord(unknown, 1)).toThrow('unknown format "gelf"');
  });

  it('a declared topic format wins over the header', () => {
    const topic: ShipperTopic = { format: 'syslog', tenant: 'globex', tenantFromHeader: false };
    const raw = rawEventFromShipper(record('<13>Dec  2 09:59:00 h app: hi', { 'quell.format': 'json', 'quell.tenant': 'other' }), topic, 1);
    expect(raw).toMatchObject({ format: 'syslog3164', tenant: 'globex' });
  });
});
