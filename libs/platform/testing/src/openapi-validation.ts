/**
 * Validates a document against the OpenAPI 3.x JSON Schemas with @seriousme/openapi-schema-validator
 * (an ES module, loaded through a dynamic import that the test transform leaves alone).
 */
export async function validateOpenApi(document: object): Promise<{ valid: boolean; errors?: unknown }> {
  const { Validator } = (await import('@seriousme/openapi-schema-validator')) as typeof import('@seriousme/openapi-schema-validator');
  const validator = new Validator();
  const result = await validator.validate(structuredClone(document) as Parameters<typeof validator.validate>[0]);
  return result.valid ? { valid: true } : { valid: false, errors: result.errors };
}
