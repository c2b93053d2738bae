import { SetMetadata } from '@nestjs/common';

/** Metadata key of a route's own body limit. */
export const BODY_LIMIT = Symbol('quell.bodyLimit');

/** This route accepts bodies up to `maxBytes` (once inflated) instead of the service's HTTP_MAX_BODY_BYTES. */
export const BodyLimit = (maxBytes: number): MethodDecorator & ClassDecorator => SetMetadata(BODY_LIMIT, maxBytes);
