import type { IncomingMessage } from 'node:http';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { ApiKeyPrincipal } from '../api-keys/api-key-entry';
import { requestPrincipal } from './request-principal';

function principalOf(context: ExecutionContext): ApiKeyPrincipal {
  const principal = requestPrincipal(context.switchToHttp().getRequest<IncomingMessage>());
  // A route that reads the tenant without a guard is a wiring bug, not a client error.
  if (!principal) throw new Error('@Tenant()/@Principal() used on a route without @RequireScope');
  return principal;
}

/** The tenant of the request's API key: the only source of a request's tenant, never its body. */
export const Tenant = createParamDecorator((_data: unknown, context: ExecutionContext): string => principalOf(context).tenant);

/** The request's API key principal (name, tenant, scope). */
export const Principal = createParamDecorator((_data: unknown, context: ExecutionContext): ApiKeyPrincipal => principalOf(context));
