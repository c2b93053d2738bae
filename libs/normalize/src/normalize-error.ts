/** The record cannot be normalized; retrying will not help, so it goes to the dead-letter topic. */
export class NormalizeError extends Error {
  readonly retriable = false;
  // A dead letter records the error's name as its class; Error's own would hide this one.
  override readonly name = 'NormalizeError';
}
