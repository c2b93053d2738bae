import vendored from './schema/incident-finding-1.7.0.json';

/** One attribute as compiled into the vendored class (see schema/README.md). */
interface SchemaAttribute {
  type: string;
  base_type: string;
  is_array: boolean;
  requirement: 'required' | 'recommended' | 'optional';
  enum?: number[];
}

interface SchemaDefinition {
  name: string;
  attributes: Record<string, SchemaAttribute>;
  constraints: { at_least_one?: string[]; just_one?: string[] };
}

export interface IncidentFindingSchema {
  ocsf_version: string;
  class: SchemaDefinition & { uid: number; category_uid: number };
  objects: Record<string, SchemaDefinition>;
}

/** The vendored OCSF 1.7.0 Incident Finding class and the objects Quell fills. */
export function loadIncidentFindingSchema(): IncidentFindingSchema {
  return vendored as unknown as IncidentFindingSchema;
}

/** Every way `value` breaks OCSF 1.7.0 Incident Finding (see ocsfProblems); empty when it conforms. */
export function incidentFindingProblems(value: unknown): string[] {
  return ocsfProblems(value, loadIncidentFindingSchema());
}

/**
 * Every way `value` breaks the vendored OCSF class: unknown attributes, missing required ones, the
 * class's constraints, primitive types and enum values, recursing into the objects it holds. Empty
 * when the value conforms. An object type the fixture does not carry is itself a problem, so a new
 * mapped field cannot slip through unchecked.
 */
export function ocsfProblems(value: unknown, schema: IncidentFindingSchema): string[] {
  return checkObject(value, schema.class, schema, '$');
}

function checkObject(value: unknown, definition: SchemaDefinition, schema: IncidentFindingSchema, path: string): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${path}: expected object ${definition.name}`];
  const record = value as Record<string, unknown>;
  const problems: string[] = [];
  for (const [name, attribute] of Object.entries(definition.attributes)) {
    if (attribute.requirement === 'required' && record[name] === undefined) problems.push(`${path}.${name}: required`);
  }
  const { at_least_one: atLeastOne, just_one: justOne } = definition.constraints;
  if (atLeastOne && !atLeastOne.some((name) => record[name] !== undefined)) problems.push(`${path}: needs one of ${atLeastOne.join(', ')}`);
  if (justOne && justOne.filter((name) => record[name] !== undefined).length !== 1) problems.push(`${path}: needs exactly one of ${justOne.join(', ')}`);
  for (const [name, field] of Object.entries(record)) {
    const attribute = definition.attributes[name];
    if (!attribute) problems.push(`${path}.${name}: not an attribute of ${definition.name}`);
    else problems.push(...checkAttribute(field, attribute, schema, `${path}.${name}`));
  }
  return problems;
}

function checkAttribute(value: unknown, attribute: SchemaAttribute, schema: IncidentFindingSchema, path: string): string[] {
  if (attribute.is_array) {
    if (!Array.isArray(value)) return [`${path}: expected an array`];
    return value.flatMap((item, i) => checkOne(item, attribute, schema, `${path}[${i}]`));
  }
  return checkOne(value, attribute, schema, path);
}

function checkOne(value: unknown, attribute: SchemaAttribute, schema: IncidentFindingSchema, path: string): string[] {
  const primitive = primitiveProblem(value, attribute.base_type);
  if (primitive !== undefined) {
    if (primitive) return [`${path}: ${primitive}`];
    if (attribute.enum && !attribute.enum.includes(value as number)) return [`${path}: ${String(value)} is not one of ${attribute.enum.join(', ')}`];
    return [];
  }
  const object = schema.objects[attribute.base_type];
  if (!object) return [`${path}: object type ${attribute.base_type} is not in the vendored fixture`];
  return checkObject(value, object, schema, path);
}

/** '' when the primitive fits, a message when not, undefined when the type is an object. */
function primitiveProblem(value: unknown, baseType: string): string | undefined {
  switch (baseType) {
    case 'string_t':
      return typeof value === 'string' ? '' : 'expected a string';
    case 'integer_t':
    case 'long_t':
      return Number.isSafeInteger(value) ? '' : `expected an integer (${baseType})`;
    case 'float_t':
      return typeof value === 'number' && Number.isFinite(value) ? '' : 'expected a number';
    case 'boolean_t':
      return typeof value === 'boolean' ? '' : 'expected a boolean';
    case 'json_t':
      return '';
    default:
      return undefined;
  }
}
