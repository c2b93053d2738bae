import type { IncomingMessage } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';

// Express matches routes ignoring case, so the parser must skip the rules routes in any case too.
const RULES_ROUTE = /^\/v1\/rules(?:[/?]|$)/i;

/** True for a JSON body Nest may parse: any route but the rules API's. */
function parsedAsJson(req: IncomingMessage): boolean {
  if (RULES_ROUTE.test(req.url ?? '')) return false;
  return /^application\/([\w.+-]+\+)?json\b/i.test(req.headers['content-type'] ?? '');
}

/**
 * The rules API reads its YAML body itself (readYamlBody). Nest's JSON body parser would read it
 * first and answer 400 for YAML sent as application/json, where the documented answer is 415:
 * this keeps the parser off the rules routes. Call before `app.init()` (or `listen`).
 */
export function leaveRulesBodiesUnparsed(app: INestApplication): void {
  (app as NestExpressApplication).useBodyParser('json', { type: parsedAsJson });
}
