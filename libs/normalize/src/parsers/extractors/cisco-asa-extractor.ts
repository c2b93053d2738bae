import { isIP } from 'node:net';
import type { ExtractedFields } from './extracted-fields';

/**
 * Cisco ASA (and PIX, FWSM, FTD) messages: `%ASA-<severity>-<message id>: <text>`. The message id
 * is the event code (ECS event.code, as Elastic's cisco module writes it); the device is the
 * observer. The configuration ids of Cisco "ASA Series Syslog Messages" (111xxx: configuration
 * written, erased, ended, commands run; 502xxx: local users, privilege levels and group policies
 * added, deleted, changed) are config_change with an action; 111007 (configuration read) and
 * 111009 (a `show` command) change nothing. Connection messages give transport and direction.
 */
const HEADER = /^%(ASA|PIX|FWSM|FTD)-(?:[a-z]+-)?(\d)-(\d{6}):\s*/;

const CONFIG_ACTIONS: ReadonlyMap<string, string> = new Map([
  ['111001', 'configuration-write-started'],
  ['111003', 'configuration-erased'],
  ['111004', 'configuration-failed'],
  ['111005', 'configuration-ended'],
  ['111008', 'command-executed'],
  ['111010', 'configuration-changed'],
  ['502101', 'user-added'],
  ['502102', 'user-deleted'],
  ['502103', 'privilege-level-changed'],
  ['502111', 'group-policy-added'],
  ['502112', 'group-policy-deleted'],
]);
const PRODUCTS: Record<string, string> = { ASA: 'asa', PIX: 'pix', FWSM: 'fwsm', FTD: 'ftd' };

// "Built inbound TCP connection", "Teardown ICMP connection", "Deny tcp src", "Deny udp src"
const CONNECTION = /^(?:Built (inbound|outbound) |Teardown (?:dynamic )?|Deny )(TCP|UDP|ICMP|GRE|ESP)\b/i;
const USER = /^User '([^']+)'/;
// 502101-502103 name the account changed: `Uname: jdoe`; 502111/502112 the policy: `name: GP-VPN`.
const UNAME = /\bUname: (\S+)/;
const POLICY = /^(?:New group policy added|Group policy deleted): name: (\S+)/;
// 111008 `executed the 'write memory' command`, 111010 `executed 'no access-list …'`.
const COMMAND = /\bexecuted (?:the )?'(.{1,2048})'/;
// 111001/111003-111005 start with the address of the session; 111010 says `from IP 10.0.0.5,`.
// Read as tokens, not one pattern: a pattern over `[0-9a-f:]` runs was quadratic on a long one.
function sessionAddress(text: string): string | undefined {
  const from = text.indexOf(' from IP ');
  let token: string;
  if (from >= 0) {
    const start = from + ' from IP '.length;
    const comma = text.indexOf(',', start);
    token = text.slice(start, comma === -1 ? undefined : comma);
  } else {
    const start = text.startsWith('Begin configuration: ') ? 'Begin configuration: '.length : 0;
    const space = text.indexOf(' ', start);
    token = text.slice(start, space === -1 ? undefined : space);
  }
  return isIP(token) ? token : undefined;
}

export function extractCiscoAsa(message: string): ExtractedFields | undefined {
  const header = HEADER.exec(message);
  if (!header) return undefined;
  const [, family, , id] = header;
  const text = message.slice(header[0].length);
  const fields: Record<string, string> = {
    'event.code': id,
    'observer.vendor': 'Cisco',
    'observer.product': PRODUCTS[family],
    'observer.type': 'firewall',
  };
  const connection = CONNECTION.exec(text);
  if (connection) {
    fields['event.category'] = 'network';
    fields['network.transport'] = connection[2].toLowerCase();
    if (connection[1]) fields['network.direction'] = connection[1].toLowerCase();
  }
  const original: Record<string, string> = { 'cisco.message_id': id };
  const action = CONFIG_ACTIONS.get(id);
  if (action) configurationFields(id, action, text, fields, original);
  return { fields, original };
}

function configurationFields(id: string, action: string, text: string, fields: Record<string, string>, original: Record<string, string>): void {
  fields['event.category'] = 'configuration';
  fields['event.action'] = action;
  if (id === '111004') fields['event.outcome'] = 'failure';
  else if (id === '111005') fields['event.outcome'] = 'success';
  // The admin who acted; 502xxx messages name only the account or policy they changed.
  const user = USER.exec(text)?.[1];
  if (user) fields['user.name'] = user;
  const target = UNAME.exec(text)?.[1] ?? POLICY.exec(text)?.[1];
  if (target) original['cisco.object'] = target;
  const command = COMMAND.exec(text)?.[1];
  if (command) original['cisco.command'] = command;
  const ip = sessionAddress(text);
  if (ip) fields['source.ip'] = ip;
}
