// The HTTP API kit every Quell HTTP surface uses: API-key auth, zod validation, problem+json
// errors, optimistic concurrency (and, beside them, OpenAPI, access log, request ids, body limits).
export {};
