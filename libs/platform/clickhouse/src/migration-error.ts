/**
 * A migration that could not be applied. A changed checksum is not retriable (only a new migration
 * fixes it); a failed statement is, unless its cause says otherwise, since a server briefly away
 * is the common reason and every statement is written to be re-run (`IF NOT EXISTS`).
 */
export class MigrationError extends Error {
  readonly retriable: boolean;

  constructor(message: string, options: { retriable: boolean; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = 'MigrationError';
    this.retriable = options.retriable;
  }
}
