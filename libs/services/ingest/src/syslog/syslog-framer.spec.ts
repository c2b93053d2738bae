import { FramingError, SyslogFramer } from './syslog-framer';

describe('SyslogFramer (RFC 6587)', () => {
  it('reads octet-counted frames, which may hold newlines, split anywhere', () => {
    const framer = new SyslogFramer(1000);
    const stream = Buffer.from('11 <13>a\nb c d10 <13>second');
    const out: string[] = [];
    for (let i = 0; i < stream.length; i += 3) out.push(...framer.push(stream.subarray(i, i + 3)));
    expect(out).toEqual(['<13>a\nb c d', '<13>second']);
  });

  it('reads LF-framed messages, strips CR, and switches framing per message', () => {
    const framer = new SyslogFramer(1000);
    expect(framer.push(Buffer.from('<13>one\r\n5 <13>x<13>two\n<13>thr'))).toEqual(['<13>one', '<13>x', '<13>two']);
    expect(framer.push(Buffer.from('ee\n'))).toEqual(['<13>three']);
  });

  it('keeps a last line without its LF when the peer closes', () => {
    const framer = new SyslogFramer(1000);
    expect(framer.push(Buffer.from('<13>tail'))).toEqual([]);
    expect(framer.end()).toEqual(['<13>tail']);
  });

  it('refuses frames over the limit and bad counts', () => {
    expect(() => new SyslogFramer(10).push(Buffer.from('11 <13>aaaaaaa'))).toThrow(FramingError);
    expect(() => new SyslogFramer(10).push(Buffer.from('<13>aaaaaaaaaaaaaa'))).toThrow(/exceeds 10/);
    expect(() => new SyslogFramer(100).push(Buffer.from('0 x'))).toThrow(/bad octet count/);
  });
});
