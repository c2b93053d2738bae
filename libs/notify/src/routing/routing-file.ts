import { isTimeZone } from '@quell/anomaly';
import { readYamlWithSchema } from '@quell/input-limits';
import { z } from 'zod';
import { WEBHOOK_FIELDS } from '../channels/generic-webhook-request';
import { OPSGENIE_API_URLS } from '../channels/opsgenie-request';
import type { IncidentTransition } from '../notification-message';
import type { ChannelDefinition, DayWindow, Route, RoutingTable } from './routing-table';

const TRANSITIONS = ['opened', 'priority_raised', 'escalated', 'acknowledged', 'resolved'] as const satisfies readonly IncidentTransition[];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;

/** A routing file that cannot be used; `problems` lists every mistake as `file:line: key: reason`. */
export class RoutingFileError extends Error {
  constructor(readonly problems: string[]) {
    super(`routing file refused:\n  ${problems.join('\n  ')}`);
    this.name = 'RoutingFileError';
  }
}

const envName = z.string().regex(ENV_NAME, 'an environment variable name (A-Z, 0-9, _): secrets never go in this file');
const list = <T extends z.ZodType>(item: T) => z.union([item, z.array(item).min(1)]).transform((value) => (Array.isArray(value) ? value : [value]) as z.output<T>[]);
const rateLimit = z.strictObject({ perMinute: z.number().positive().max(60_000), burst: z.number().int().min(1).max(10_000).optional() }).optional();

const channelSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('webhook'), urlEnv: envName, secretEnv: envName, fields: z.array(z.enum(WEBHOOK_FIELDS)).optional(), rateLimit }),
  z.strictObject({ type: z.literal('slack'), urlEnv: envName, interactive: z.boolean().default(false), rateLimit }),
  z.strictObject({ type: z.literal('teams'), urlEnv: envName, rateLimit }),
  z.strictObject({ type: z.literal('pagerduty'), routingKeyEnv: envName, urlEnv: envName.optional(), rateLimit }),
  z.strictObject({ type: z.literal('opsgenie'), apiKeyEnv: envName, region: z.enum(Object.keys(OPSGENIE_API_URLS) as ['us', 'eu']).optional(), urlEnv: envName.optional(), rateLimit }),
  z.strictObject({
    type: z.literal('jira'),
    siteUrlEnv: envName,
    emailEnv: envName,
    apiTokenEnv: envName,
    projectKey: z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'a Jira project key, e.g. SOC'),
    issueType: z.string().min(1).optional(),
    resolveTransitionId: z.union([z.string().regex(/^\d+$/), z.number().int().positive()]).transform(String),
    rateLimit,
  }),
  z.strictObject({ type: z.literal('servicenow'), instanceUrlEnv: envName, userEnv: envName, passwordEnv: envName, assignmentGroup: z.string().min(1).optional(), closeCode: z.string().min(1).optional(), rateLimit }),
  z.strictObject({
    type: z.literal('email'),
    from: z.string().regex(/@[^>\s]+>?\s*$/, 'a sender address, e.g. "Quell <quell@example.com>"'),
    to: list(z.email()),
    smtpHostEnv: envName,
    smtpPort: z.number().int().min(1).max(65_535).default(587),
    secure: z.boolean().default(false),
    requireTls: z.boolean().default(true),
    userEnv: envName.optional(),
    passwordEnv: envName.optional(),
    rateLimit,
  }),
]);

const window = z
  .strictObject({
    timeZone: z.string().refine(isTimeZone, { message: 'not an IANA time zone the runtime knows (e.g. Europe/Berlin, UTC)' }),
    days: z.array(z.enum(DAYS)).min(1).default([...DAYS]),
    start: z.string().regex(HH_MM, 'expected HH:MM (00:00 to 24:00)'),
    end: z.string().regex(HH_MM, 'expected HH:MM (00:00 to 24:00)'),
  })
  .refine((hours) => hours.start !== hours.end, { message: 'start and end are the same time: an empty window', path: ['end'] });

const routeSchema = z.strictObject({
  name: z.string().regex(NAME, 'a route name is letters, digits, dot, dash or underscore'),
  match: z
    .strictObject({
      priority: list(z.number().int().min(1).max(5)).optional(),
      severity: list(z.enum(['informational', 'low', 'medium', 'high', 'critical'])).optional(),
      service: list(z.string().min(1)).optional(),
      team: list(z.string().min(1)).optional(),
      tenant: list(z.string().min(1)).optional(),
      tags: list(z.string().min(1)).optional(),
      transition: list(z.enum(TRANSITIONS)).optional(),
      hours: window.optional(),
    })
    .default({}),
  to: list(z.string().regex(NAME)),
  quietHours: z.boolean().default(true),
  stop: z.boolean().default(false),
  escalation: z
    .strictObject({ afterMinutes: z.number().positive().max(7 * 24 * 60), targets: list(z.string().regex(NAME)) })
    .optional(),
});

const fileSchema = z.strictObject({
  version: z.literal(1),
  channels: z.record(z.string().regex(NAME, 'a channel name is letters, digits, dot, dash or underscore'), channelSchema),
  quietHours: window.and(z.strictObject({ mode: z.enum(['defer', 'suppress']).default('defer') }).partial()).optional(),
  routes: z.array(routeSchema).default([]),
});

type FileShape = z.infer<typeof fileSchema>;

/**
 * Parses a routing file (format in the lib's README). Channel secrets and URLs are read from the
 * environment variables the file names, so the file holds none. Every mistake is reported at once,
 * with its line: `routes.yaml:12: routes.0.to.1: no channel named "pager"`.
 */
export function parseRoutingFile(text: string, source: string, env: Readonly<Record<string, string | undefined>>): RoutingTable {
  const result = readYamlWithSchema(text, source, fileSchema);
  if (!result.ok) throw new RoutingFileError(result.problems);
  const { at } = result;
  const value = result.value;
  const problems: string[] = [];
  const channels = channelsOf(value, env, (path, message) => problems.push(`${at(path)}: ${message}`));
  value.routes.forEach((route, index) => {
    const check = (names: string[], path: PropertyKey[]) =>
      names.forEach((name, i) => {
        const where = names.length > 1 ? [...path, i] : path;
        if (!channels.has(name)) problems.push(`${at(where)}: no channel named ${JSON.stringify(name)}`);
      });
    check(route.to, ['routes', index, 'to']);
    if (route.escalation) check(route.escalation.targets, ['routes', index, 'escalation', 'targets']);
  });
  if (problems.length > 0) throw new RoutingFileError(problems);
  return { channels, routes: value.routes.map(routeOf), quietHours: value.quietHours ? { ...windowOf(value.quietHours), mode: value.quietHours.mode ?? 'defer' } : null };
}

function channelsOf(file: FileShape, env: Readonly<Record<string, string | undefined>>, problem: (path: PropertyKey[], message: string) => void): Map<string, ChannelDefinition> {
  const channels = new Map<string, ChannelDefinition>();
  for (const [name, channel] of Object.entries(file.channels)) {
    const read = (key: string, variable: string | undefined): string => {
      if (variable === undefined) return '';
      const text = env[variable]?.trim();
      if (!text) problem(['channels', name, key], `environment variable ${variable} is not set`);
      return text ?? '';
    };
    // Checked here, not at the first send: a bad value would otherwise dead-letter every notification.
    // The message names the variable only; its value may be a secret (a Slack webhook URL is one).
    const readUrl = (key: string, variable: string | undefined): string => {
      const text = read(key, variable);
      if (text && !isHttpUrl(text)) problem(['channels', name, key], `environment variable ${variable} is not an http(s) URL`);
      return text;
    };
    const perMinute = channel.rateLimit?.perMinute;
    const limit = perMinute ? { perMinute, burst: channel.rateLimit?.burst ?? Math.max(1, Math.ceil(perMinute / 6)) } : null;
    switch (channel.type) {
      case 'webhook':
        channels.set(name, { name, type: 'webhook', url: readUrl('urlEnv', channel.urlEnv), secret: read('secretEnv', channel.secretEnv), fields: channel.fields, rateLimit: limit });
        break;
      case 'slack':
        channels.set(name, { name, type: 'slack', url: readUrl('urlEnv', channel.urlEnv), interactive: channel.interactive, rateLimit: limit });
        break;
      case 'teams':
        channels.set(name, { name, type: 'teams', url: readUrl('urlEnv', channel.urlEnv), rateLimit: limit });
        break;
      case 'pagerduty':
        if (!/^[A-Za-z0-9]{32}$/.test(env[channel.routingKeyEnv]?.trim() || 'x'.repeat(32))) {
          problem(['channels', name, 'routingKeyEnv'], `environment variable ${channel.routingKeyEnv} is not a 32-character PagerDuty integration key`);
        }
        channels.set(name, { name, type: 'pagerduty', routingKey: read('routingKeyEnv', channel.routingKeyEnv), url: readUrl('urlEnv', channel.urlEnv) || undefined, rateLimit: limit });
        break;
      case 'opsgenie':
        channels.set(name, { name, type: 'opsgenie', apiKey: read('apiKeyEnv', channel.apiKeyEnv), region: channel.region, baseUrl: readUrl('urlEnv', channel.urlEnv) || undefined, rateLimit: limit });
        break;
      case 'jira':
        channels.set(name, {
          name,
          type: 'jira',
          siteUrl: readUrl('siteUrlEnv', channel.siteUrlEnv),
          email: read('emailEnv', channel.emailEnv),
          apiToken: read('apiTokenEnv', channel.apiTokenEnv),
          projectKey: channel.projectKey,
          issueType: channel.issueType,
          resolveTransitionId: channel.resolveTransitionId,
          rateLimit: limit,
        });
        break;
      case 'servicenow':
        channels.set(name, {
          name,
          type: 'servicenow',
          instanceUrl: readUrl('instanceUrlEnv', channel.instanceUrlEnv),
          user: read('userEnv', channel.userEnv),
          password: read('passwordEnv', channel.passwordEnv),
          assignmentGroup: channel.assignmentGroup,
          closeCode: channel.closeCode,
          rateLimit: limit,
        });
        break;
      case 'email': {
        const smtp = { host: read('smtpHostEnv', channel.smtpHostEnv), port: channel.smtpPort, secure: channel.secure, requireTls: channel.requireTls, user: read('userEnv', channel.userEnv) || undefined, password: read('passwordEnv', channel.passwordEnv) || undefined };
        channels.set(name, { name, type: 'email', from: channel.from, to: channel.to, smtp, rateLimit: limit });
        break;
      }
    }
  }
  return channels;
}

function routeOf(route: FileShape['routes'][number]): Route {
  const { hours, ...match } = route.match;
  return {
    name: route.name,
    match: { ...match, hours: hours ? windowOf(hours) : undefined },
    to: route.to,
    quietHours: route.quietHours,
    stop: route.stop,
    escalation: route.escalation ? { afterMs: Math.round(route.escalation.afterMinutes * 60_000), targets: route.escalation.targets } : null,
  };
}

function windowOf(hours: { timeZone: string; days?: readonly (typeof DAYS)[number][]; start: string; end: string }): DayWindow {
  const minute = (text: string) => Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));
  return { timeZone: hours.timeZone, days: [...new Set(hours.days ?? DAYS)], startMinute: minute(hours.start), endMinute: minute(hours.end) };
}

function isHttpUrl(text: string): boolean {
  return URL.canParse(text) && ['http:', 'https:'].includes(new URL(text).protocol);
}
