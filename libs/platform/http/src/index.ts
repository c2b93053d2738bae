// The HTTP API kit every Quell HTTP surface uses: API-key auth, zod validation, problem+json
// errors, optimistic concurrency (and, beside them, OpenAPI, access log, request ids, body limits).
export { API_KEY_SCOPES, isApiKeyScope, scopeGrants, type ApiKeyScope } from './api-keys/api-key-scope';
export { formatApiKeyHash, hashApiKey } from './api-keys/key-hash';
export { keyEntry, parseApiKeyList, parseQuellKeyEntry, type ApiKeyEntry, type ApiKeyEntryParser, type ApiKeyPrincipal } from './api-keys/api-key-entry';
export { API_KEY_STORE, ApiKeyStore, bearerKeyOf } from './api-keys/api-key-store';
export { apiKeyListSetting } from './api-keys/api-key-setting';
export { ApiKeyGuard } from './auth/api-key.guard';
export { RequireScope } from './auth/require-scope.decorator';
export { Principal, Tenant } from './auth/principal.decorators';
export { requestPrincipal } from './auth/request-principal';
export { isJwt, OIDC_VERIFIER, OidcVerifier, type OidcVerifierTuning } from './oidc/oidc-verifier';
export { oidcOptionsOf, type OidcOptions } from './oidc/oidc-options';
export { claimAt, principalOfClaims } from './oidc/token-claims';
export { TokenRefusal } from './oidc/token-refusal';
export { consoleConfigOf, type ConsoleConfig } from './console/console-config';
export { ZodValidationPipe } from './validation/zod-validation.pipe';
export { problem, ProblemException, PROBLEM_CONTENT_TYPE, type InvalidField, type ProblemDetails, type ProblemOptions } from './problem/problem-details';
export { ProblemDetailsFilter } from './problem/problem-details.filter';
export { checkIfMatch, etagOf, parseIfMatch, type IfMatch, type IfMatchCheck, type Version } from './concurrency/etag';
export { HttpApiModule } from './http-api.module';
export { REQUEST_ID_HEADER, MAX_REQUEST_ID_LENGTH, requestIdFor, requestIdOf } from './request-id/request-id';
export { requestIdMiddleware } from './request-id/request-id.middleware';
export { accessLogMiddleware, DEFAULT_QUIET_PATHS, type AccessLogOptions } from './access-log/access-log.middleware';
export { BodyError } from './body/body-error';
export { readBody, drain, ACCEPTED_CONTENT_ENCODINGS } from './body/body-reader';
export { readJsonBody } from './body/json-body';
export { BodyLimit } from './body/body-limit.decorator';
export { JsonBodyInterceptor, useJsonBodyReader } from './body/json-body.interceptor';
export { setUpHttpServer, type HttpServerOptions } from './http-server.setup';
export { ApiBody, ApiHeader, ApiHidden, ApiOperation, ApiProblem, ApiQuery, ApiResponse, type ApiBodyOptions, type ApiResponseOptions, type JsonSchema } from './openapi/api-docs.decorators';
export { buildOpenApiDocument, type OpenApiDocument, type OpenApiDocumentOptions } from './openapi/openapi-document';
export { OpenApiController, openApiModule, OPENAPI_DOCUMENT } from './openapi/openapi.controller';
export { controllersOf } from './openapi/module-controllers';
// The web console's static files, served by the all-in-one and by the incident-manager.
export { ConsoleFiles } from './console/console-files';
