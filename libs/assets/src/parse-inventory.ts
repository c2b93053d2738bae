import { parse as parseCsv } from 'csv-parse/sync';
import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import { JsonTooDeepError, parseJsonWithinDepth, parseYamlWithinLimits, YamlReadError } from '@quell/input-limits';
import { AssetInventory } from './asset-inventory';

export const INVENTORY_FORMATS = ['yaml', 'json', 'csv'] as const;
export type InventoryFormat = (typeof INVENTORY_FORMATS)[number];

/** The inventory text cannot be used; the previous inventory stays in force. Never retriable. */
export class InventoryError extends Error {
  readonly retriable = false;

  constructor(message: string) {
    super(message);
    this.name = 'InventoryError';
  }
}

const text = z
  .string()
  .trim()
  .min(1)
  .optional()
  .or(z.literal('').transform(() => undefined));

const entrySchema = z
  .object({
    host: text,
    // `cidr` is accepted as another name of `ip`, as inventories name it either way.
    ip: text,
    cidr: text,
    service: text,
    owner: text,
    criticality: text,
    environment: text,
  })
  .refine((e) => e.host || e.ip || e.cidr, { message: 'an entry needs a host or an ip/cidr' })
  .refine((e) => !(e.ip || e.cidr) || ipaddr.isValid(e.ip ?? e.cidr ?? '') || ipaddr.isValidCIDR(e.ip ?? e.cidr ?? ''), {
    message: 'ip/cidr is not an address or CIDR range',
    path: ['ip'],
  });

// YAML and JSON: a list of entries, or `{ assets: [...] }`.
const documentSchema = z.union([z.array(entrySchema), z.object({ assets: z.array(entrySchema) })]);

/** The format of an inventory file from its extension. */
export function inventoryFormatOf(path: string): InventoryFormat {
  const extension = path.toLowerCase().split('.').pop() ?? '';
  if (extension === 'yml' || extension === 'yaml') return 'yaml';
  if (extension === 'json' || extension === 'csv') return extension;
  throw new InventoryError(`asset inventory "${path}": unknown extension (use .yaml, .yml, .json or .csv)`);
}

/** An inventory is one document of small entries; this much YAML already takes the parser many seconds. */
const MAX_YAML_INVENTORY_BYTES = 16 * 1024 * 1024;

/**
 * Parses and validates an inventory; throws InventoryError naming the first bad entry. YAML is
 * read within the input limits (nesting, aliases) and JSON within the nesting limit, so a hostile
 * file is refused with the reason (and the line, for YAML) like any other mistake.
 */
export function parseInventory(source: string, format: InventoryFormat): AssetInventory {
  let document: unknown;
  try {
    document =
      format === 'csv'
        ? parseCsv(source, { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), skip_empty_lines: true, trim: true, comment: '#' })
        : format === 'json'
          ? parseJsonWithinDepth(source)
          : parseYamlWithinLimits(source, { uniqueKeys: true, limits: { maxBytes: MAX_YAML_INVENTORY_BYTES } });
  } catch (error) {
    if (error instanceof YamlReadError) throw new InventoryError(`asset inventory is not valid yaml: line ${error.line}: ${error.reason}`);
    if (error instanceof JsonTooDeepError) throw new InventoryError(`asset inventory is not valid json: ${error.message}`);
    throw new InventoryError(`asset inventory is not valid ${format}: ${(error as Error).message}`);
  }
  const result = documentSchema.safeParse(document ?? []);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new InventoryError(`asset inventory: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const entries = Array.isArray(result.data) ? result.data : result.data.assets;
  return new AssetInventory(entries.map(({ cidr, ip, ...rest }) => ({ ...rest, ip: ip ?? cidr })));
}
