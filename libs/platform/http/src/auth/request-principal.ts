import type { IncomingMessage } from 'node:http';
import type { ApiKeyPrincipal } from '../api-keys/api-key-entry';

const PRINCIPAL = Symbol('quell.apiKeyPrincipal');

type WithPrincipal = IncomingMessage & { [PRINCIPAL]?: ApiKeyPrincipal };

/** Remembers who the guard found a request to come from. */
export function setRequestPrincipal(req: IncomingMessage, principal: ApiKeyPrincipal): void {
  (req as WithPrincipal)[PRINCIPAL] = principal;
}

/** Who a request comes from, once ApiKeyGuard let it through; undefined before (or without) the guard. */
export function requestPrincipal(req: IncomingMessage): ApiKeyPrincipal | undefined {
  return (req as WithPrincipal)[PRINCIPAL];
}
