import { flatten } from '../flatten';
import { ParseError, type ParseContext, type ParsedRecord } from './parsed-record';

/** ECS names read straight from ECS-shaped JSON; common flat aliases map onto them. */
const ALIASES: Record<string, string[]> = {
  '@timestamp': ['@timestamp', 'timestamp', 'time'],
  'event.category': ['event.category', 'event.category.0', 'category'],
  'event.action': ['event.action', 'action'],
  'event.outcome': ['event.outcome', 'outcome'],
  'event.severity': ['event.severity', 'severity'],
  'host.name': ['host.name', 'host.hostname', 'hostname', 'host'],
  'host.ip': ['host.ip', 'host.ip.0'],
  'user.name': ['user.name', 'user', 'username'],
  'user.domain': ['user.domain'],
  'source.ip': ['source.ip', 'src_ip', 'src'],
  'source.port': ['source.port', 'src_port'],
  'destination.ip': ['destination.ip', 'dst_ip', 'dst'],
  'destination.port': ['destination.port', 'dst_port'],
  'process.pid': ['process.pid'],
  'process.name': ['process.name'],
  'process.executable': ['process.executable'],
  'process.command_line': ['process.command_line'],
  'process.parent.name': ['process.parent.name'],
  'process.parent.command_line': ['process.parent.command_line'],
  'service.name': ['service.name', 'service'],
  message: ['message', 'msg'],
  tags: ['tags'],
};

export function parseJsonObject(text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ParseError(`payload is not JSON: ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ParseError('payload must be a JSON object');
  return parsed as Record<string, unknown>;
}

/** ECS-shaped or arbitrary JSON; a per-source mapping (source field → ECS field) wins over the aliases. */
export function parseJson(text: string, context: ParseContext): ParsedRecord {
  const original = flatten(parseJsonObject(text));
  const fields: Record<string, string> = {};
  for (const [ecs, names] of Object.entries(ALIASES)) {
    const value = names.map((n) => original[n]).find((v) => v !== undefined && v !== '');
    if (value !== undefined) fields[ecs] = value;
  }
  for (const [from, to] of Object.entries(context.fieldMapping ?? {})) {
    if (original[from] !== undefined) fields[to] = original[from];
  }
  return { format: 'json', fields, original, warnings: [] };
}
