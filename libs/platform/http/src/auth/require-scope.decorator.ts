import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import type { ApiKeyScope } from '../api-keys/api-key-scope';
import { ApiKeyGuard } from './api-key.guard';
import { REQUIRED_SCOPE, type ScopeRequirement } from './scope-requirement';

/**
 * The route (or every route of the controller) needs an `Authorization: Bearer` key with this scope;
 * a method's requirement overrides its class's. Answers 401 without a known key, 403 when its scope is
 * too small.
 */
export function RequireScope(scope: ApiKeyScope, options: { forbidden?: string } = {}): MethodDecorator & ClassDecorator {
  return applyDecorators(SetMetadata(REQUIRED_SCOPE, { scope, forbidden: options.forbidden } satisfies ScopeRequirement), UseGuards(ApiKeyGuard));
}
