import type { ExtractedFields } from './extracted-fields';

/**
 * Cisco ASA (and PIX, FWSM, FTD) messages: `%ASA-<severity>-<message id>: <text>`. The message id
 * is the event code (ECS event.code, as Elastic's cisco module writes it); the device is the
 * observer. A few ids say a configuration changed (Cisco "ASA Series Syslog Messages"):
 * 111001/111003/111004/111005 (configuration written, erased, ended), 111008 (a user executed a
 * command), 111010 (a user made a configuration change), 502101–502103 (users and privilege
 * levels added, deleted, changed). Connection messages give transport and direction.
 */
const HEADER = /^%(ASA|PIX|FWSM|FTD)-(?:[a-z]+-)?(\d)-(\d{6}):\s*/;

const CONFIG_IDS = new Set(['111001', '111003', '111004', '111005', '111008', '111010', '502101', '502102', '502103']);
const PRODUCTS: Record<string, string> = { ASA: 'asa', PIX: 'pix', FWSM: 'fwsm', FTD: 'ftd' };

// "Built inbound TCP connection", "Teardown ICMP connection", "Deny tcp src", "Deny udp src"
const CONNECTION = /^(?:Built (inbound|outbound) |Teardown (?:dynamic )?|Deny )(TCP|UDP|ICMP|GRE|ESP)\b/i;
const USER = /^User '([^']+)'/;

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
  if (CONFIG_IDS.has(id)) {
    fields['event.category'] = 'configuration';
    const user = USER.exec(text)?.[1];
    if (user) fields['user.name'] = user;
  }
  return { fields, original: { 'cisco.message_id': id } };
}
