/** A TCP peer broke the framing or sent a frame over the limit; the connection is closed. */
export class FramingError extends Error {}

/**
 * Cuts a syslog TCP stream into messages (RFC 6587): octet counting (`LEN SP MSG`, §3.4.1) when a
 * frame starts with a digit, otherwise non-transparent framing ended by LF (§3.4.2), decided per
 * message as rsyslog and syslog-ng do, since one sender may switch. Holds partial frames between chunks.
 */
export class SyslogFramer {
  private pending: Buffer = Buffer.alloc(0);

  constructor(private readonly maxMessageBytes: number) {}

  push(chunk: Buffer): string[] {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const messages: string[] = [];
    for (;;) {
      let start = 0;
      while (start < this.pending.length && (this.pending[start] === 0x0a || this.pending[start] === 0x0d)) start++;
      this.pending = this.pending.subarray(start);
      if (this.pending.length === 0) break;
      const message = isDigit(this.pending[0]) ? this.octetCounted() : this.lineFramed();
      if (message === undefined) break;
      if (message.length > 0) messages.push(message);
    }
    return messages;
  }

  /** What is left when the peer closes: a last line without its LF still counts. */
  end(): string[] {
    const rest = this.pending.toString('utf8').trim();
    this.pending = Buffer.alloc(0);
    return rest && !/^\d+ /.test(rest) ? [rest] : [];
  }

  private octetCounted(): string | undefined {
    const space = this.pending.indexOf(0x20);
    if (space < 0) {
      if (this.pending.length > 10) throw new FramingError('octet count is not followed by a space');
      return undefined;
    }
    const count = this.pending.subarray(0, space).toString('latin1');
    if (!/^[1-9]\d{0,9}$/.test(count)) throw new FramingError(`bad octet count "${count.slice(0, 12)}"`);
    const length = Number(count);
    if (length > this.maxMessageBytes) throw new FramingError(`frame of ${length} bytes exceeds ${this.maxMessageBytes}`);
    if (this.pending.length < space + 1 + length) return undefined;
    const message = this.pending.subarray(space + 1, space + 1 + length).toString('utf8');
    this.pending = this.pending.subarray(space + 1 + length);
    return message.replace(/[\r\n]+$/, '');
  }

  private lineFramed(): string | undefined {
    const lf = this.pending.indexOf(0x0a);
    if (lf < 0) {
      if (this.pending.length > this.maxMessageBytes) throw new FramingError(`line exceeds ${this.maxMessageBytes} bytes`);
      return undefined;
    }
    const message = this.pending.subarray(0, lf).toString('utf8');
    this.pending = this.pending.subarray(lf + 1);
    return message.replace(/\r$/, '');
  }
}

function isDigit(byte: number): boolean {
  return byte >= 0x30 && byte <= 0x39;
}
