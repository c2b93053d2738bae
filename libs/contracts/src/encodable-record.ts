import type { ContractTypes, SchemaName } from './schema-names';

interface RecordCodec {
  encode<N extends SchemaName>(name: N, value: ContractTypes[N]): Buffer;
  decode<N extends SchemaName>(bytes: Buffer, expected: N): ContractTypes[N];
}

/**
 * A contract record on its way to a topic, still an object: a bus inside one process hands the
 * object over as it is, a bus that crosses a process calls `encode()`. Encoded at most once (a
 * dead letter, a size check and the send share the bytes), so the object must not change after
 * it is made. Fits the event bus's EncodableValue; contracts import nothing, hence the shape.
 */
export class EncodableRecord<N extends SchemaName> {
  private bytes: Buffer | undefined;

  constructor(
    private readonly codec: RecordCodec,
    readonly schema: N,
    readonly object: ContractTypes[N],
  ) {}

  /** Throws ContractError for a value its schema cannot write, as `codec.encode` does. */
  encode(): Buffer {
    return (this.bytes ??= this.codec.encode(this.schema, this.object));
  }

  decode(bytes: Buffer): ContractTypes[N] {
    return this.codec.decode(bytes, this.schema);
  }
}
