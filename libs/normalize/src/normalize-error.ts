/** The record cannot be normalized; retrying will not help, so it goes to the dead-letter topic. */
export class NormalizeError extends Error {
  readonly retriable = false;
}
