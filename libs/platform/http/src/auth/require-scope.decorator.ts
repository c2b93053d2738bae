import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import type { ApiKeyScope } from '../api-keys/api-key-scope';
import { ApiKeyGuard } from './api-key.guard';
import { REQUIRED_SCOPE, type ScopeMessages, type ScopeRequirement } from './scope-requirement';

/**
 * The route (or every route of the controller) needs an `Authorization: Bearer` key with this scope;
 * a method's requirement overrides its class's. Answers 401 without a known key, 403 when its scope is
 * too small.
 */
export function RequireScope(scope: ApiKeyScope, messages: ScopeMessages = {}): MethodDecorator & ClassDecorator {
  return applyDecorators(SetMetadata(REQUIRED_SCOPE, { ...messages, scope } satisfies ScopeRequirement), UseGuards(ApiKeyGuard));
}
