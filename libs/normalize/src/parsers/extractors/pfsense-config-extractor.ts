import { isIP } from 'node:net';
import type { ExtractedFields } from './extracted-fields';

/**
 * pfSense's record of a saved configuration. Every save goes through write_config(), which logs
 * `Configuration Change: <revision description>` unless "Log Configuration Changes" is off
 * (src/etc/inc/config.lib.inc; Netgate docs "Log Settings"). The web configurator's PHP page
 * logs it through php-fpm as `<page>: Configuration Change: <user>[@<address>][ (<auth source>)]: <what>`,
 * the same text the Config History page lists. `/rc.filter_configure…: Reloading filter` lines
 * are not changes: the filter also reloads at boot and on link and gateway events.
 */
const CHANGE = /^(\S+): Configuration Change: ([^@\s:]+|\(system\))(?:@([0-9A-Fa-f.:]+?))?(?: \([^)]{0,128}\))?: /;
const PHP = new Set(['php-fpm', 'php', 'php-cgi']);

export function extractPfsenseConfig(message: string, processName: string | undefined): ExtractedFields | undefined {
  if (processName === undefined || !PHP.has(processName)) return undefined;
  const match = CHANGE.exec(message);
  if (!match) return undefined;
  const [, page, user, address] = match;
  const fields: Record<string, string> = {
    'event.category': 'configuration',
    'event.action': 'configuration-changed',
    'observer.vendor': 'Netgate',
    'observer.product': 'pfSense',
    'observer.type': 'firewall',
  };
  if (user !== '(system)') fields['user.name'] = user;
  if (address && isIP(address)) fields['source.ip'] = address;
  return { fields, original: { 'pfsense.page': page, 'pfsense.change': message.slice(match[0].length) } };
}
