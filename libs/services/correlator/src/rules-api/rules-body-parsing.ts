import type { IncomingMessage } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';

// Express matches routes ignoring case, so the parser must skip the rules routes in any case too.
const RULES_ROUTE = /^\/v1\/rules(?:[/?]|$)/i;

/** A body of `type` Nest may parse: on any route but the rules API's. */
const parsedAs =
  (type: RegExp) =>
  (req: IncomingMessage): boolean =>
    !RULES_ROUTE.test(req.url ?? '') && type.test(req.headers['content-type'] ?? '');

/**
 * The rules API reads its YAML body itself (readYamlBody). Nest's body parsers would read it
 * first and answer 400 for YAML sent as application/json (or 413 for a form over 100 KB), where
 * the documented answer is 415: this keeps them off the rules routes. Call before `app.init()`.
 */
export function leaveRulesBodiesUnparsed(app: INestApplication): void {
  const express = app as NestExpressApplication;
  express.useBodyParser('json', { type: parsedAs(/^application\/([\w.+-]+\+)?json\b/i) });
  express.useBodyParser('urlencoded', { type: parsedAs(/^application\/x-www-form-urlencoded\b/i), extended: true });
}
