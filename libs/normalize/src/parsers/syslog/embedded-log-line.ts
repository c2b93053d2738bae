import type { ExtractedFields } from '../extractors/extracted-fields';
import { extractFromMessage } from '../extractors/message-extractors';
import { trimLineEnd } from '../text-edges';
import { readBsdHeader } from './bsd-header';

/**
 * The sshd/sudo/netfilter fields of a log line a JSON shipper carries unparsed in `message`:
 * Filebeat's system module produced to Kafka skips the Elasticsearch ingest pipeline, so its
 * document holds the whole `Mmm dd hh:mm:ss host tag[pid]: text` line. With a process name
 * (journald, or an ECS `process.name`) the message is the text itself.
 */
export function fieldsFromLogLine(message: string, processName: string | undefined, receivedAt: number): ExtractedFields {
  if (processName !== undefined) {
    const found = extractFromMessage(trimLineEnd(message), processName);
    if (Object.keys(found.fields).length > 0) return found;
  }
  const header = readBsdHeader(trimLineEnd(message), receivedAt);
  if (header.tag === undefined) return { fields: {}, original: {} };
  const found = extractFromMessage(header.message, header.tag);
  if (Object.keys(found.fields).length === 0) return found;
  const fields: Record<string, string> = { 'process.name': header.tag, ...found.fields };
  if (header.pid !== undefined && /^\d+$/.test(header.pid)) fields['process.pid'] = header.pid;
  return { fields, original: found.original };
}
