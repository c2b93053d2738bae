import { parseCef } from './cef/cef-parser';
import { parseJson } from './json-parser';
import { parseKv } from './kv/kv-parser';
import { parseLeef } from './leef/leef-parser';
import type { Parser, RecordFormat } from './parsed-record';
import { parseSyslog3164 } from './syslog/syslog3164-parser';
import { parseSyslog5424 } from './syslog/syslog5424-parser';

/**
 * Format → parser. Parsers register here as they land; a format without a parser is refused with
 * a clear reason rather than guessed at. Both syslog parsers run the sshd/sudo/firewall extractors.
 */
export const PARSERS: Partial<Record<RecordFormat, Parser>> = {
  json: parseJson,
  // parseJson tells ECS, OCSF and Windows JSON shapes apart itself, so a declared shape reads the same way.
  ocsf: parseJson,
  windows: parseJson,
  syslog5424: parseSyslog5424,
  syslog3164: parseSyslog3164,
  cef: parseCef,
  leef: parseLeef,
  kv: parseKv,
};
