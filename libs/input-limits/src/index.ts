// Limits every reader of user-supplied text applies (JSON nesting, YAML aliases and depth), so that
// hostile input is refused with a reason instead of exhausting the stack or the heap.
export { jsonNestingDepth, JsonTooDeepError, jsonValueDepth, MAX_JSON_DEPTH, parseJsonWithinDepth } from './json-depth';
export {
  parseYamlWithinLimits,
  readYamlDocument,
  readYamlDocuments,
  YAML_LIMITS,
  YamlReadError,
  yamlValue,
  type YamlDocumentEntry,
  type YamlLimits,
  type YamlProblem,
  type YamlReadOptions,
  type YamlStream,
} from './yaml-limits';
export { splitConcatenatedJson } from './json-values';
export { readYamlWithSchema, type SchemaYamlResult } from './yaml-with-schema';
