import { SIGMA_LEVELS, SIGMA_STATUSES, SigmaRuleError, type SigmaLevel, type SigmaLogsource, type SigmaStatus } from './sigma-rule';

type Doc = Record<string, unknown>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-(0[1-9]|1[012])-(0[1-9]|[12]\d|3[01])$/;
const TAG = /^[a-z0-9_-]+\.[a-z0-9._-]+$/;

/** Checks of the fields every Sigma rule shares, per the specification's JSON schema. */
export function validateCommon(doc: Doc): void {
  const title = doc.title;
  if (typeof title !== 'string' || title.trim() === '') throw new SigmaRuleError('title is required (a string)', ['title']);
  if (title.length > 256) throw new SigmaRuleError('title is longer than 256 characters', ['title']);
  optionalString(doc, 'id');
  if (typeof doc.id === 'string' && !UUID.test(doc.id)) throw new SigmaRuleError(`id "${doc.id}" is not a UUID`, ['id']);
  for (const key of ['name', 'author', 'description', 'license', 'taxonomy']) optionalString(doc, key);
  oneOf(doc, 'status', SIGMA_STATUSES);
  oneOf(doc, 'level', SIGMA_LEVELS);
  for (const key of ['date', 'modified']) {
    const value = doc[key];
    if (value !== undefined && (typeof value !== 'string' || !DATE.test(value))) throw new SigmaRuleError(`${key} must be a date YYYY-MM-DD`, [key]);
  }
  const tags = stringList(doc, 'tags');
  tags.forEach((tag, i) => {
    if (!TAG.test(tag)) throw new SigmaRuleError(`tag "${tag}" is not namespace.name in lower case`, ['tags', i]);
  });
  for (const key of ['references', 'fields', 'falsepositives', 'scope']) stringList(doc, key);
}

export function validateLogsource(doc: Doc): SigmaLogsource {
  const logsource = doc.logsource;
  if (logsource === null || typeof logsource !== 'object' || Array.isArray(logsource)) throw new SigmaRuleError('logsource is required (a map)', ['logsource']);
  const result: SigmaLogsource = {};
  for (const key of ['product', 'category', 'service', 'definition'] as const) {
    const value = (logsource as Doc)[key];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') throw new SigmaRuleError(`logsource.${key} must be a string`, ['logsource', key]);
    result[key] = value;
  }
  if (!result.product && !result.category && !result.service) throw new SigmaRuleError('logsource needs a product, a category or a service', ['logsource']);
  return result;
}

export function validateDetection(doc: Doc): Record<string, unknown> {
  const detection = doc.detection;
  if (detection === null || typeof detection !== 'object' || Array.isArray(detection)) throw new SigmaRuleError('detection is required (a map)', ['detection']);
  if (!('condition' in detection)) throw new SigmaRuleError('detection.condition is required', ['detection']);
  return detection as Record<string, unknown>;
}

export function stringList(doc: Doc, key: string): string[] {
  const value = doc[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new SigmaRuleError(`${key} must be a list`, [key]);
  value.forEach((item, i) => {
    if (typeof item !== 'string' && typeof item !== 'number') throw new SigmaRuleError(`${key} must hold strings`, [key, i]);
  });
  return value.map(String);
}

function optionalString(doc: Doc, key: string): void {
  if (doc[key] !== undefined && typeof doc[key] !== 'string') throw new SigmaRuleError(`${key} must be a string`, [key]);
}

function oneOf<T extends string>(doc: Doc, key: string, allowed: readonly T[]): void {
  const value = doc[key];
  if (value !== undefined && !(allowed as readonly unknown[]).includes(value)) {
    throw new SigmaRuleError(`${key} "${String(value)}" is not one of ${allowed.join(', ')}`, [key]);
  }
}

export const asStatus = (value: unknown): SigmaStatus | null => ((SIGMA_STATUSES as readonly unknown[]).includes(value) ? (value as SigmaStatus) : null);
export const asLevel = (value: unknown): SigmaLevel | null => ((SIGMA_LEVELS as readonly unknown[]).includes(value) ? (value as SigmaLevel) : null);
