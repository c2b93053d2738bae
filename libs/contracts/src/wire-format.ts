import { ContractError } from './contract-error';

// Confluent wire format: magic byte 0, the schema id as a 4-byte big-endian integer, then the
// Avro binary body. Keeping this framing lets SOC tools with a schema registry read our topics.
const MAGIC_BYTE = 0;
export const HEADER_LENGTH = 5;
const MAX_SCHEMA_ID = 0xffffffff;

export interface WireMessage {
  schemaId: number;
  payload: Buffer;
}

export function encodeWire(schemaId: number, payload: Buffer): Buffer {
  const framed = Buffer.allocUnsafe(HEADER_LENGTH + payload.length);
  writeWireHeader(framed, schemaId);
  payload.copy(framed, HEADER_LENGTH);
  return framed;
}

/** Writes the header into the first HEADER_LENGTH bytes of `buf`, for encoders that write the body after it. */
export function writeWireHeader(buf: Buffer, schemaId: number): void {
  if (!Number.isInteger(schemaId) || schemaId < 0 || schemaId > MAX_SCHEMA_ID) {
    throw new ContractError(`schema id ${schemaId} does not fit the wire format's 4-byte unsigned id`);
  }
  buf.writeUInt8(MAGIC_BYTE, 0);
  buf.writeUInt32BE(schemaId, 1);
}

/** Splits framed bytes; the payload is a view on `buf`, not a copy. */
export function decodeWire(buf: Buffer): WireMessage {
  if (buf.length < HEADER_LENGTH) {
    throw new ContractError(`wire message too short: ${buf.length} bytes, the header alone is ${HEADER_LENGTH}`);
  }
  const magic = buf.readUInt8(0);
  if (magic !== MAGIC_BYTE) {
    throw new ContractError(`wire message has magic byte 0x${magic.toString(16).padStart(2, '0')}, expected 0x00`);
  }
  return { schemaId: buf.readUInt32BE(1), payload: buf.subarray(HEADER_LENGTH) };
}
