import { extractAuditd } from './auditd-extractor';
import { extractCiscoAsa } from './cisco-asa-extractor';
import type { ExtractedFields, MessageExtractor } from './extracted-fields';
import { extractFirewall } from './firewall-extractor';
import { extractPanosConfig } from './panos-config-extractor';
import { extractPfsenseConfig } from './pfsense-config-extractor';
import { extractSshd } from './sshd-extractor';
import { extractSudo } from './sudo-extractor';

/** Tried in order; the first that recognises the message wins. Each checks the process name itself. */
const EXTRACTORS: MessageExtractor[] = [extractSshd, extractSudo, extractFirewall, extractCiscoAsa, extractAuditd, extractPfsenseConfig, extractPanosConfig];

/** Fields found in a syslog message by the sshd, sudo, netfilter, Cisco ASA, audit record, pfSense and PAN-OS config extractors (empty when none applies). */
export function extractFromMessage(message: string, processName: string | undefined): ExtractedFields {
  for (const extractor of EXTRACTORS) {
    const found = extractor(message, processName);
    if (found) return found;
  }
  return { fields: {}, original: {} };
}
