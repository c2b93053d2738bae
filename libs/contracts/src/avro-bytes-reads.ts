import { AvscTap, type AvroTap } from './avro-string-writes';

interface BytesTap extends AvroTap {
  readLong(): number;
  _invalidate(): void;
}

type ReadBytes = (this: BytesTap) => Buffer | undefined;

/** avsc's own reader, as loaded. */
export const avscReadBytes: ReadBytes = (AvscTap.prototype as unknown as BytesTap & { readBytes: ReadBytes }).readBytes;

/**
 * The bytes value at the tap's position as a view of its buffer; undefined past the end, as avsc.
 *
 * avsc (5.7.9, pinned) reads a `bytes` value by copying it out of the record: into a slice of a
 * zero-filled 4 KiB slab, a new slab whenever the current one is full, or a zero-filled buffer of
 * its own when larger. So the normalizer copied every RawEvent's payload once more than it needed.
 * Read in place, the decoded payload is a view of the record's bytes; both Kafka clients hand a
 * record's value over as a view of its fetch response, which nothing writes to afterwards. The cost:
 * a decoded value kept alive keeps the buffer it was read from alive too. RawEvent decode over the
 * pipeline bench's traffic mix (payloads 1,085 bytes at the median, 3,798 at most), each reader in
 * turn: 2.5–3.3 µs copying, 1.0–1.35 in place (tools/bench/codec-throughput.ts reads them avsc's
 * way in its baseline).
 */
export function readBytesInPlace(this: BytesTap): Buffer | undefined {
  const length = this.readLong();
  if (length < 0) {
    this._invalidate();
    return undefined;
  }
  const start = this.pos;
  this.pos += length;
  // Past the end: avsc returns nothing and the caller sees the invalid position.
  if (this.pos > this.buf.length) return undefined;
  return this.buf.subarray(start, this.pos);
}

/** Installs the in-place reader on avsc's Tap, once per process (every codec shares it). */
export function installInPlaceBytesReads(): void {
  const prototype = AvscTap.prototype as unknown as { readBytes: ReadBytes };
  if (prototype.readBytes === avscReadBytes) prototype.readBytes = readBytesInPlace;
}
