import { ParseError } from '../parsed-record';
import { parseCef } from './cef-parser';

const ctx = { receivedAt: Date.parse('2026-11-28T10:00:00Z') };

describe('parseCef', () => {
  it('maps header and extension onto ECS', () => {
    const r = parseCef(
      'CEF:0|Security|threatmanager|1.0|100|worm successfully stopped|10|src=10.0.0.1 dst=2.1.2.2 spt=1232 dpt=80 suser=alice duser=bob act=blocked outcome=failure proto=TCP rt=1700000000000 msg=hello world shost=a.example dhost=b.example',
      ctx,
    );
    expect(r.fields).toMatchObject({
      'observer.vendor': 'Security',
      'observer.product': 'threatmanager',
      'observer.version': '1.0',
      'event.code': '100',
      'event.severity': '10',
      'source.ip': '10.0.0.1',
      'destination.ip': '2.1.2.2',
      'source.port': '1232',
      'destination.port': '80',
      'source.user.name': 'alice',
      'destination.user.name': 'bob',
      'user.name': 'alice',
      'event.action': 'blocked',
      'event.outcome': 'failure',
      'network.transport': 'tcp',
      '@timestamp': '2023-11-14T22:13:20.000Z',
      message: 'hello world',
      'source.domain': 'a.example',
      'destination.domain': 'b.example',
    });
  });

  it('unescapes \\| and \\\\ in the header and \\=, \\\\, \\n in the extension', () => {
    const r = parseCef('CEF:0|Vendor|Pro\\|duct|1\\\\2|sig|name|Low|msg=a\\=b c\\\\d\\ne filePath=C:\\\\Windows\\\\x.exe', ctx);
    expect(r.original['deviceProduct']).toBe('Pro|duct');
    expect(r.original['deviceVersion']).toBe('1\\2');
    expect(r.fields['event.severity']).toBe('3');
    expect(r.fields['message']).toBe('a=b c\\d\ne');
    expect(r.original['filePath']).toBe('C:\\Windows\\x.exe');
  });

  it('keeps custom string values under their labels', () => {
    const r = parseCef('CEF:0|V|P|1|s|n|5|cs1Label=Policy Name cs1=Block all cs2=x cs2Label=Zone', ctx);
    expect(r.original).toMatchObject({ cs1: 'Block all', 'Policy Name': 'Block all', Zone: 'x' });
  });

  it('reads a syslog prefix for host and time, and the month-first rt form', () => {
    const r = parseCef('<134>Nov 27 09:00:00 fw-1 CEF:0|V|P|1|s|n|3|rt=Nov 27 2026 08:59:58 UTC src=192.0.2.1', ctx);
    expect(r.fields).toMatchObject({ 'host.name': 'fw-1', 'log.syslog.facility.code': '16', '@timestamp': '2026-11-27T08:59:58.000Z', 'source.ip': '192.0.2.1' });
    const five = parseCef('<134>1 2026-11-27T09:00:00Z fw-2 app - - - CEF:0|V|P|1|s|n|3|', ctx);
    expect(five.fields).toMatchObject({ 'host.name': 'fw-2', '@timestamp': '2026-11-27T09:00:00.000Z' });
  });

  it('accepts full key names and a header without extension', () => {
    expect(parseCef('CEF:0|V|P|1|s|n|3|sourceAddress=192.0.2.3 destinationPort=22', ctx).fields).toMatchObject({ 'source.ip': '192.0.2.3', 'destination.port': '22' });
    expect(parseCef('CEF:0|V|P|1|s|n|3', ctx).fields['event.severity']).toBe('3');
  });

  it('warns on an unparseable time and rejects a short header', () => {
    expect(parseCef('CEF:0|V|P|1|s|n|3|rt=tomorrow', ctx).warnings[0]).toMatch(/tomorrow/);
    expect(() => parseCef('CEF:0|V|P|1', ctx)).toThrow(ParseError);
    expect(() => parseCef('nothing', ctx)).toThrow(ParseError);
  });
});
