// The rules the storm runs. Two read in place: the LSASS-dump rules of SigmaHQ (the ones that fire on
// OTRF's comsvcs.dll recording, libs/rules/src/sigma/otrf-lsass.spec.ts) and the sample rule the
// all-in-one ships for script downloads (what the maintenance window's patching trips). The logon
// chain is the Sigma specification's own example (failed logons, then a success, from one address),
// as the correlator's tests write it; the check rule turns the flapping health check into alerts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const REPO = join(__dirname, '../../../..');
export const SIGMA_DIR = join(REPO, '..', 'shared', 'corpora', 'sigma');

/** SigmaHQ rules (DRL 1.1: their authors are credited on every alert) for the LSASS dump. */
export const LSASS_RULE_FILES = [
  'rules/windows/process_access/proc_access_win_lsass_dump_comsvcs_dll.yml',
  'rules/windows/process_access/proc_access_win_lsass_memdump.yml',
  'rules/windows/process_creation/proc_creation_win_rundll32_process_dump_via_comsvcs.yml',
  'rules/windows/process_creation/proc_creation_win_susp_lsass_dmp_cli_keywords.yml',
  'rules/windows/file/file_event/file_event_win_lsass_default_dump_file_names.yml',
];

/** Their ids, in the same order (each file's `id:`). */
export const LSASS_RULE_IDS = [
  'a49fa4d5-11db-418c-8473-1e014a8dd462',
  '5ef9853e-4d0e-4a70-846f-a9ca37d876da',
  '646ea171-dded-4578-8a4d-65e9822892e3',
  'ffa6861c-4461-4f59-8a41-578c39f3f23e',
  'a5a2d357-1ab8-4675-a967-ef9990a59391',
];

export const SCRIPT_DOWNLOAD_RULE_FILE = join(REPO, 'deploy/samples/rules/remote-script-download.yml');

export const BRUTE_FORCE_THEN_SUCCESS_ID = 'b180ead8-d58f-40b2-ae54-c8940995b9b6';
export const CHECK_FAILED_ID = '5f0c2d1e-7a43-4b8e-9c61-2e8d4f7a9b30';

/** Failed logons, then a success, from one source address: alerts only when the whole chain holds. */
export const LOGON_CHAIN = `title: Single failed logon
id: 53ba33fd-3a50-4468-a5ef-c583635cfa92
name: failed_logon
author: Quell storm scenario
logsource: { category: authentication }
detection:
  selection: { event.outcome: failure }
  condition: selection
level: low
---
title: Successful logon
id: 4d0a2c83-c62c-4ed4-b475-c7e23a9269b8
name: successful_logon
author: Quell storm scenario
logsource: { category: authentication }
detection:
  selection: { event.outcome: success }
  condition: selection
level: informational
---
title: Brute force from one address
id: a8418a5a-5fc4-46b5-b23b-6c73beb19d41
name: brute_force
author: Quell storm scenario
correlation:
  type: event_count
  rules: [failed_logon]
  group-by: [src_ip]
  timespan: 5m
  condition: { gte: 10 }
level: high
---
title: Brute force followed by a successful logon
id: ${BRUTE_FORCE_THEN_SUCCESS_ID}
author: Quell storm scenario
tags: [attack.credential-access, attack.t1110.001, attack.initial-access, attack.t1078]
correlation:
  type: temporal_ordered
  rules: [brute_force, successful_logon]
  group-by: [src_ip]
  timespan: 10m
level: critical
`;

/** A monitoring check reporting its service down (the flapping check's alerts). */
export const CHECK_FAILED = `title: Service check failed
id: ${CHECK_FAILED_ID}
author: Quell storm scenario
logsource: { category: network }
detection:
  selection: { event.outcome: failure, event.module: heartbeat }
  condition: selection
level: low
`;

/** Every rule file of the storm as name → YAML, for a RULES_DIR. */
export function stormRuleFiles(): Map<string, string> {
  const files = new Map<string, string>([
    ['logon-chain.yml', LOGON_CHAIN],
    ['check-failed.yml', CHECK_FAILED],
    ['remote-script-download.yml', readFileSync(SCRIPT_DOWNLOAD_RULE_FILE, 'utf8')],
  ]);
  for (const path of LSASS_RULE_FILES) files.set(`sigma/${path.split('/').pop()}`, readFileSync(join(SIGMA_DIR, path), 'utf8'));
  return files;
}
