import { trimEnd } from './trim-end';

/** Why a frame was not delivered; also the `reason` label of the dropped-frames metric. */
export type FrameDropReason = 'line_too_long' | 'frame_too_long' | 'incomplete_frame';

export interface FrameDrop {
  reason: FrameDropReason;
  /** For the log line: sizes involved, what the peer sent. */
  detail: string;
}

/** What one chunk (or the end of the stream) yielded. */
export interface Framed {
  messages: string[];
  /** Frames discarded while the connection can stay open. */
  dropped: FrameDrop[];
  /** The stream cannot be read any further (its position is lost): close the connection. */
  fatal?: FrameDrop;
}

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const LT = 0x3c;
/** A count of more digits than this is far above any limit; such a line is read as text. */
const MAX_COUNT_DIGITS = 10;

type Mode = 'start' | 'line' | 'octet' | 'discard' | 'dead';

/**
 * Cuts a syslog TCP stream into messages (RFC 6587), deciding the framing per message as rsyslog
 * and syslog-ng do, since one sender may switch. Octet counting (§3.4.1, `MSG-LEN SP SYSLOG-MSG`)
 * only when the frame starts with a count (1–9 then digits), one space and `<`, the PRI every
 * syslog message begins with; anything else is a line ended by LF (§3.4.2), so a line such as
 * `12345 failed …` or `2026-12-02T…` stays a line. Partial frames are held between chunks, at most
 * the limit plus one chunk.
 */
export class SyslogFramer {
  private buf = Buffer.alloc(0);
  private start = 0;
  private end = 0;
  private mode: Mode = 'start';
  /** Octet mode: where the message begins (after `LEN SP`) and its length. */
  private bodyAt = 0;
  private bodyLength = 0;
  /** Line mode: bytes already searched for LF. */
  private scanned = 0;

  constructor(private readonly maxMessageBytes: number) {}

  push(chunk: Buffer): Framed {
    const out: Framed = { messages: [], dropped: [] };
    if (this.mode === 'dead') return out;
    this.append(chunk);
    while (this.step(out));
    return out;
  }

  /**
   * The peer closed (or the connection is being closed): a complete line without its LF still
   * counts; a half octet-counted frame is dropped.
   */
  finish(): Framed {
    const out: Framed = { messages: [], dropped: [] };
    const pending = this.end - this.start;
    if (this.mode === 'octet') {
      const got = this.end - this.start - this.bodyAt;
      out.dropped.push({ reason: 'incomplete_frame', detail: `octet-counted frame of ${this.bodyLength} bytes ended after ${Math.max(0, got)}` });
    } else if ((this.mode === 'start' || this.mode === 'line') && pending > 0) {
      this.line(this.end, out);
    }
    this.mode = 'dead';
    this.buf = Buffer.alloc(0);
    this.start = this.end = 0;
    return out;
  }

  /** Buffered bytes not yet delivered or discarded (for tests and the memory bound). */
  get pendingBytes(): number {
    return this.end - this.start;
  }

  /** Moves one frame on; false when more bytes are needed. */
  private step(out: Framed): boolean {
    switch (this.mode) {
      case 'discard':
        return this.discard();
      case 'start':
        return this.classify(out);
      case 'octet':
        return this.octet(out);
      case 'line':
        return this.lineOrWait(out);
      default:
        return false;
    }
  }

  /** Skips the LF/CR between frames, then picks the framing of the next one. */
  private classify(out: Framed): boolean {
    while (this.start < this.end && (this.buf[this.start] === LF || this.buf[this.start] === CR)) this.start++;
    if (this.start === this.end) return false;
    const first = this.buf[this.start];
    if (first < 0x31 || first > 0x39) return this.enter('line');
    let i = this.start + 1;
    while (i < this.end && isDigit(this.buf[i]) && i - this.start <= MAX_COUNT_DIGITS) i++;
    const digits = i - this.start;
    if (digits > MAX_COUNT_DIGITS) return this.enter('line');
    // Undecided until the byte after the space has arrived.
    if (i === this.end || (this.buf[i] === SPACE && i + 1 === this.end)) return false;
    if (this.buf[i] !== SPACE || this.buf[i + 1] !== LT) return this.enter('line');
    const count = Number(this.buf.toString('latin1', this.start, i));
    if (count > this.maxMessageBytes) {
      out.fatal = { reason: 'frame_too_long', detail: `octet count ${count} exceeds the ${this.maxMessageBytes}-byte limit` };
      this.mode = 'dead';
      return false;
    }
    this.bodyAt = digits + 1;
    this.bodyLength = count;
    this.mode = 'octet';
    return true;
  }

  private enter(mode: 'line'): boolean {
    this.mode = mode;
    this.scanned = 0;
    return true;
  }

  private octet(out: Framed): boolean {
    const bodyStart = this.start + this.bodyAt;
    if (this.end - bodyStart < this.bodyLength) return false;
    // rsyslog and syslog-ng send no trailer in octet counting; some senders still end the MSG with LF.
    const message = trimEnd(this.buf.toString('utf8', bodyStart, bodyStart + this.bodyLength), '\r\n');
    if (message.length > 0) out.messages.push(message);
    this.start = bodyStart + this.bodyLength;
    this.mode = 'start';
    return true;
  }

  private lineOrWait(out: Framed): boolean {
    const from = this.start + this.scanned;
    const lf = this.buf.indexOf(LF, from);
    if (lf < 0 || lf >= this.end) {
      this.scanned = this.end - this.start;
      // One byte of slack for the CR of a CRLF line exactly at the limit.
      if (this.scanned > this.maxMessageBytes + 1) {
        out.dropped.push({ reason: 'line_too_long', detail: `line longer than the ${this.maxMessageBytes}-byte limit (discarded up to its LF)` });
        this.mode = 'discard';
        this.start = this.end;
      }
      return false;
    }
    this.line(lf, out);
    this.start = lf + 1;
    this.mode = 'start';
    return true;
  }

  /** The line from `start` to `stop` (exclusive), without a trailing CR, delivered or dropped. */
  private line(stop: number, out: Framed): void {
    const length = stop > this.start && this.buf[stop - 1] === CR ? stop - 1 - this.start : stop - this.start;
    if (length > this.maxMessageBytes) {
      out.dropped.push({ reason: 'line_too_long', detail: `line of ${length} bytes exceeds the ${this.maxMessageBytes}-byte limit` });
    } else if (length > 0) {
      out.messages.push(this.buf.toString('utf8', this.start, this.start + length));
    }
  }

  /** After an over-long line: drop everything up to and including its LF. */
  private discard(): boolean {
    const lf = this.buf.indexOf(LF, this.start);
    if (lf < 0 || lf >= this.end) {
      this.start = this.end;
      return false;
    }
    this.start = lf + 1;
    this.mode = 'start';
    return true;
  }

  /** Appends a chunk, compacting first so the buffer holds only the current frame (amortised copies). */
  private append(chunk: Buffer): void {
    const pending = this.end - this.start;
    if (pending === 0) {
      this.start = this.end = 0;
    }
    if (this.end + chunk.length > this.buf.length) {
      const size = Math.max(pending + chunk.length, Math.min(2 * this.buf.length, 2 * (this.maxMessageBytes + 64)));
      const next = size > this.buf.length ? Buffer.allocUnsafe(size) : this.buf;
      this.buf.copy(next, 0, this.start, this.end);
      this.buf = next;
      this.end = pending;
      this.start = 0;
    }
    chunk.copy(this.buf, this.end);
    this.end += chunk.length;
  }
}

function isDigit(byte: number): boolean {
  return byte >= 0x30 && byte <= 0x39;
}
