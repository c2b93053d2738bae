import { readYamlDocument, yamlValue, YamlReadError } from '@quell/input-limits';
import { z } from 'zod';
import { isTimeZone } from '@quell/anomaly';

/** Business criticality of a service or asset, from most to least (see README "Priority"). */
export const CRITICALITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Criticality = (typeof CRITICALITIES)[number];

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface BusinessHours {
  /** IANA zone the hours are read in, e.g. Europe/Berlin. */
  timeZone: string;
  days: Weekday[];
  /** Minutes after local midnight: [start, end); end may be 1440 (24:00). */
  startMinute: number;
  endMinute: number;
}

export interface CatalogService {
  criticality: Criticality;
  team?: string;
}

export interface TenantCatalog {
  businessHours: BusinessHours;
  services: Map<string, CatalogService>;
}

/** The parsed catalog: what a tenant's services are worth and when its people are at work. */
export interface ServiceCatalog {
  /** Tenants not listed get the top-level business hours and services. */
  tenant(name: string): TenantCatalog;
}

/** A catalog file that cannot be used; `problems` lists every mistake as `file:line: key: reason`. */
export class ServiceCatalogError extends Error {
  constructor(readonly problems: string[]) {
    super(`service catalog refused:\n  ${problems.join('\n  ')}`);
    this.name = 'ServiceCatalogError';
  }
}

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;
const minuteOf = (text: string): number => Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));

const hoursSchema = z
  .strictObject({
    timeZone: z.string().refine(isTimeZone, { message: 'not an IANA time zone the runtime knows (e.g. Europe/Berlin, UTC)' }),
    days: z.array(z.enum(WEEKDAYS)).min(1).default(['mon', 'tue', 'wed', 'thu', 'fri']),
    start: z.string().regex(HH_MM, 'expected HH:MM (00:00 to 24:00)'),
    end: z.string().regex(HH_MM, 'expected HH:MM (00:00 to 24:00)'),
  })
  // Only once both times are well-formed, else a bad time would be reported twice.
  .refine((hours) => !HH_MM.test(hours.start) || !HH_MM.test(hours.end) || minuteOf(hours.start) < minuteOf(hours.end), { message: 'start must be before end (hours across midnight: list them as after-hours instead)' });

const serviceName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'a service name is letters, digits, dot, dash or underscore');
const servicesSchema = z.record(serviceName, z.strictObject({ criticality: z.enum(CRITICALITIES), team: z.string().min(1).optional() }));

const catalogSchema = z.strictObject({
  version: z.literal(1),
  businessHours: hoursSchema.default({ timeZone: 'UTC', days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '08:00', end: '18:00' }),
  services: servicesSchema.default({}),
  tenants: z.record(z.string().min(1), z.strictObject({ businessHours: hoursSchema.optional(), services: servicesSchema.optional() })).default({}),
});

type CatalogFile = z.infer<typeof catalogSchema>;

/**
 * Parses a service catalog YAML text (format in the lib's README). Read within the input limits;
 * every mistake is reported at once with its line and key, e.g.
 * `services.yaml:7: services.payments.criticality: Invalid option: expected one of …`.
 */
export function parseServiceCatalog(text: string, source: string): ServiceCatalog {
  let parsed: ReturnType<typeof readYamlDocument>;
  let value: unknown;
  try {
    parsed = readYamlDocument(text, { uniqueKeys: true });
    value = yamlValue(parsed.document, 1);
  } catch (error) {
    if (error instanceof YamlReadError) throw new ServiceCatalogError([`${source}:${error.line}: YAML: ${error.reason}`]);
    throw error;
  }
  const result = catalogSchema.safeParse(value);
  if (!result.success) {
    const { document, lineOf } = parsed;
    throw new ServiceCatalogError(
      result.error.issues.map((issue) => {
        const path = issue.path.map(String);
        return `${source}:${lineOfPath(document, lineOf, path)}: ${path.join('.') || '(root)'}: ${messageOf(issue)}`;
      }),
    );
  }
  return catalogOf(result.data);
}

/** A record key's own message (`a service name is …`) instead of zod's generic `Invalid key in record`. */
function messageOf(issue: z.core.$ZodIssue): string {
  return issue.code === 'invalid_key' && issue.issues[0] ? issue.issues[0].message : issue.message;
}

/** The line of the deepest node of `path` that exists (a missing key points at its parent). */
function lineOfPath(document: ReturnType<typeof readYamlDocument>['document'], lineOf: (offset: number) => number, path: string[]): number {
  for (let depth = path.length; depth > 0; depth -= 1) {
    const node = document.getIn(path.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return lineOf(node.range[0]);
  }
  return 1;
}

function hoursOf(hours: z.infer<typeof hoursSchema>): BusinessHours {
  return { timeZone: hours.timeZone, days: [...new Set(hours.days)], startMinute: minuteOf(hours.start), endMinute: minuteOf(hours.end) };
}

function catalogOf(file: CatalogFile): ServiceCatalog {
  const shared: TenantCatalog = { businessHours: hoursOf(file.businessHours), services: new Map(Object.entries(file.services)) };
  const tenants = new Map<string, TenantCatalog>(
    Object.entries(file.tenants).map(([name, tenant]) => [
      name,
      {
        businessHours: tenant.businessHours ? hoursOf(tenant.businessHours) : shared.businessHours,
        // A tenant's own entry for a service wins over the shared one.
        services: new Map([...shared.services, ...Object.entries(tenant.services ?? {})]),
      },
    ]),
  );
  return { tenant: (name) => tenants.get(name) ?? shared };
}

/** A catalog with no services and 08:00–18:00 Monday to Friday UTC, for a deployment without the file. */
export const EMPTY_SERVICE_CATALOG: ServiceCatalog = parseServiceCatalog('version: 1\n', 'built-in');
