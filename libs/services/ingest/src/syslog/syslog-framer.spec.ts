import { SyslogFramer, type Framed } from './syslog-framer';

/** Everything a stream yields, pushed in pieces of `step` bytes and then closed. */
function frame(stream: string | Buffer, max = 1000, step = Number.POSITIVE_INFINITY): Framed {
  const bytes = typeof stream === 'string' ? Buffer.from(stream) : stream;
  const framer = new SyslogFramer(max);
  const all: Framed = { messages: [], dropped: [] };
  const take = (f: Framed) => {
    all.messages.push(...f.messages);
    all.dropped.push(...f.dropped);
    all.fatal ??= f.fatal;
  };
  for (let i = 0; i < bytes.length; i += Math.min(step, bytes.length)) take(framer.push(bytes.subarray(i, i + step)));
  take(framer.finish());
  return all;
}

const reasons = (f: Framed) => f.dropped.map((d) => d.reason);

describe('SyslogFramer (RFC 6587)', () => {
  // Each case is read whole and one byte at a time: chunking must never change the result.
  const cases: Array<[string, string, string[]]> = [
    ['RFC 6587 §3.4.1 octet counting', '28 <34>1 - host app - - - hello', ['<34>1 - host app - - - hello']],
    ['octet-counted MSG holding newlines', '11 <13>a\nb c d10 <13>second', ['<13>a\nb c d', '<13>second']],
    ['RFC 6587 §3.4.2 LF framing, CR stripped', '<13>one\r\n<13>two\n', ['<13>one', '<13>two']],
    ['framing switched per message', '<13>one\n5 <13>x<13>two\n', ['<13>one', '<13>x', '<13>two']],
    ['a line starting with a number (issue 9)', '12345 failed logins from 10.0.0.1\n<13>next\n', ['12345 failed logins from 10.0.0.1', '<13>next']],
    ['a line starting with an ISO date', '2026-12-02T10:00:00Z host app: hi\n', ['2026-12-02T10:00:00Z host app: hi']],
    ['a count not followed by "<" is text', '42 is the answer\n', ['42 is the answer']],
    ['a count with a leading zero is text', '05 <13>x\n', ['05 <13>x']],
    ['a lone number line', '7\n8', ['7', '8']],
    ['a number and a space at the end of the stream', '12 ', ['12 ']],
    ['a last line without LF counts at close', '<13>one\n<13>tail', ['<13>one', '<13>tail']],
    ['empty lines and stray CR between frames are skipped', '\n\r\n<13>a\n\n\n4 <13>', ['<13>a', '<13>']],
    ['an octet-counted frame ending in LF loses the LF', '6 <13>a\n<13>b\n', ['<13>a', '<13>b']],
    ['over-long count digits make a line', '12345678901 <13>x\n', ['12345678901 <13>x']],
  ];
  it.each(cases)('%s', (_name, stream, expected) => {
    expect(frame(stream).messages).toEqual(expected);
    expect(frame(stream, 1000, 1).messages).toEqual(expected);
    expect(frame(stream).dropped).toEqual([]);
  });

  it('drops a line over the limit even when its LF arrives later, keeps the connection and the next line', () => {
    const long = `<13>${'x'.repeat(60)}`;
    for (const step of [1, 7, 1000]) {
      const out = frame(`<13>ok\n${long}\n<13>after\n`, 50, step);
      expect(out.messages).toEqual(['<13>ok', '<13>after']);
      expect(reasons(out)).toEqual(['line_too_long']);
      expect(out.fatal).toBeUndefined();
    }
  });

  it('takes a line of exactly the limit, with or without CR', () => {
    const line = `<13>${'y'.repeat(46)}`;
    expect(frame(`${line}\r\n${line}\n`, 50, 3).messages).toEqual([line, line]);
    expect(reasons(frame(`${line}z\r\n`, 50, 3))).toEqual(['line_too_long']);
  });

  it('holds no more than the limit while discarding a line that never ends', () => {
    const framer = new SyslogFramer(100);
    let dropped = 0;
    for (let i = 0; i < 1000; i++) {
      dropped += framer.push(Buffer.alloc(64, 0x61)).dropped.length;
      expect(framer.pendingBytes).toBeLessThanOrEqual(101 + 64);
    }
    expect(dropped).toBe(1);
    expect(framer.push(Buffer.from('tail\n<13>ok\n')).messages).toEqual(['<13>ok']);
  });

  it('closes on an octet count over the limit, after delivering what came before it', () => {
    const out = frame('<13>before\n9999 <13>x', 100);
    expect(out.messages).toEqual(['<13>before']);
    expect(out.fatal).toMatchObject({ reason: 'frame_too_long', detail: expect.stringContaining('9999') });
    const framer = new SyslogFramer(100);
    framer.push(Buffer.from('101 <'));
    expect(framer.push(Buffer.from('13>more\n'))).toEqual({ messages: [], dropped: [] });
  });

  it('drops a half octet-counted frame when the peer closes', () => {
    const out = frame('<13>a\n100 <13>only part', 1000, 4);
    expect(out.messages).toEqual(['<13>a']);
    expect(out.dropped).toEqual([{ reason: 'incomplete_frame', detail: 'octet-counted frame of 100 bytes ended after 13' }]);
  });

  it('waits for the byte after the space before choosing the framing', () => {
    const framer = new SyslogFramer(1000);
    expect(framer.push(Buffer.from('5 '))).toEqual({ messages: [], dropped: [] });
    expect(framer.push(Buffer.from('<13>x')).messages).toEqual(['<13>x']);
  });

  it('decodes invalid UTF-8 with replacement characters rather than failing', () => {
    expect(frame(Buffer.concat([Buffer.from('<13>a'), Buffer.from([0xff, 0xfe]), Buffer.from('b\n')])).messages).toEqual(['<13>a\uFFFD\uFFFDb']);
  });
});
