import { ProblemException, statusTitle } from '../problem/problem-details';

/**
 * A request refused before its body is parsed or used (413 too large, 415 unsupported encoding or
 * media type, 400 unreadable): the problem filter answers it as problem+json with this status and
 * message as the detail.
 */
export class BodyError extends ProblemException {
  constructor(status: number, message: string) {
    super({ type: 'about:blank', title: statusTitle(status), status, detail: message });
    this.message = message;
  }
}
