import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { problem, type InvalidField } from '../problem/problem-details';

/**
 * Validates a route's body, query or param with a zod schema and hands the handler the parsed value:
 * `@Body(new ZodValidationPipe(createChangeSchema)) body: CreateChange`. An invalid value is a 400
 * problem listing every invalid field (not only the first), its detail
 * `<label>: <path>: <message>; …` (label: the option, else `body`, `query` or the param's name).
 */
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(
    readonly schema: S,
    private readonly label?: string,
  ) {}

  transform(value: unknown, metadata: ArgumentMetadata): z.output<S> {
    const result = this.schema.safeParse(value);
    if (result.success) return result.data;
    const location = metadata.type === 'custom' ? 'request' : metadata.type;
    const errors: InvalidField[] = result.error.issues.map((issue) => ({
      location,
      path: issue.path.map(String).join('.'),
      message: issue.message,
    }));
    const label = this.label ?? (metadata.type === 'param' && metadata.data ? metadata.data : location);
    const reasons = errors.map((field) => (field.path ? `${field.path}: ${field.message}` : field.message));
    throw problem(400, `${label}: ${reasons.join('; ')}`, { type: 'urn:quell:problem:invalid-request', errors });
  }
}
