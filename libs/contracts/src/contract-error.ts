/**
 * A record that breaks its contract: bad wire framing, an unknown or unexpected schema id,
 * undecodable bytes, or a value that does not fit its schema. Retrying cannot fix any of these,
 * so consumers never retry it: the record goes to the dead-letter topic with the message as reason.
 */
export class ContractError extends Error {
  readonly retriable = false;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ContractError';
  }
}
