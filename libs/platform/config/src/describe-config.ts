import { z } from 'zod';
import { baseServiceSchema } from './base-service.schema';
import type { ConfigMeta } from './schema-helpers';

/** One row of the generated configuration table. */
export interface ConfigKeyInfo {
  key: string;
  required: boolean;
  default: unknown;
  description: string;
  secret: boolean;
}

type ConfigObject = z.ZodObject<z.ZodRawShape>;

// Wrapper definitions zod puts around a field (`.optional()`, `.default()`, a transform pipe…).
interface WrapperDef {
  type: string;
  innerType?: z.core.$ZodType;
  in?: z.core.$ZodType;
  defaultValue?: unknown;
}

/** Every key of a config schema with whether it is required, its default, description and secrecy. */
export function describeConfig(schema: ConfigObject): ConfigKeyInfo[] {
  return Object.entries(schema.shape).map(([key, field]) => describeField(key, field));
}

/** Names of the keys marked with `secret()`, for log redaction. */
export function secretKeys(schema: ConfigObject): string[] {
  return describeConfig(schema)
    .filter((info) => info.secret)
    .map((info) => info.key);
}

/** Secret keys of the shared service schema; apps with their own secrets use `secretKeys(appSchema)`. */
export const SECRET_KEYS: readonly string[] = secretKeys(baseServiceSchema({ serviceName: 'quell', httpPort: 8080 }));

function describeField(key: string, field: z.core.$ZodType): ConfigKeyInfo {
  let description: string | undefined;
  let secretFlag = false;
  let defaultValue: unknown;
  // Metadata may sit on any layer (e.g. `secret()` on the inner string, `.describe()` on the
  // optional wrapper), so walk from the outside in and merge what each layer carries.
  for (let layer: z.core.$ZodType | undefined = field; layer; layer = innerOf(layer)) {
    const meta = z.globalRegistry.get(layer) as (ConfigMeta & { description?: string }) | undefined;
    description ??= meta?.description;
    secretFlag ||= meta?.secret === true;
    const def = layer._zod.def as WrapperDef;
    if (def.type === 'default' && defaultValue === undefined) defaultValue = def.defaultValue;
  }
  return {
    key,
    required: !z.safeParse(field, undefined).success,
    default: defaultValue,
    description: description ?? '',
    secret: secretFlag,
  };
}

function innerOf(layer: z.core.$ZodType): z.core.$ZodType | undefined {
  const def = layer._zod.def as WrapperDef;
  return def.type === 'pipe' ? def.in : def.innerType;
}
