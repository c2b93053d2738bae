import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { DetectionRuleSet } from './rule-index';
import { CORPORA, normalizedEvent } from './rule-index-corpus.test-util';
import { loadSigmaRules } from './rule-loader';
import type { SigmaDetectionRule } from './sigma-rule';

/**
 * Issue 11, Sigma defect 2: THOR maps `registry_add` to Sysmon 12 with EventType CreateKey and
 * `registry_delete` to Sysmon 12 with EventType DeleteKey or DeleteValue. SigmaHQ's registry_delete
 * rules (read in place) must not fire when the key they watch is created, and must when it is deleted.
 */
const REGISTRY = join(CORPORA, 'sigma/rules/windows/registry');

function rulesIn(dir: string): SigmaDetectionRule[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yml'))
    .sort()
    .flatMap((name) => loadSigmaRules(readFileSync(join(dir, name), 'utf8'), name).rules as SigmaDetectionRule[]);
}

const HKU = 'HKU\\S-1-5-21-3940915590-64593676-1414006259-500';

/** Per registry_delete rule: what a deleting process writes (key or value as its rule watches). */
const DELETIONS: Record<string, { type: 'DeleteKey' | 'DeleteValue'; image: string; target: string }> = {
  'registry_delete_defender_context_menu.yml': { type: 'DeleteKey', image: 'C:\\Windows\\system32\\reg.exe', target: 'HKCR\\*\\shellex\\ContextMenuHandlers\\EPP' },
  'registry_delete_disable_credential_guard.yml': { type: 'DeleteValue', image: 'C:\\Windows\\regedit.exe', target: 'HKLM\\System\\CurrentControlSet\\Control\\DeviceGuard\\EnableVirtualizationBasedSecurity' },
  'registry_delete_enable_windows_recall.yml': { type: 'DeleteValue', image: 'C:\\Windows\\system32\\reg.exe', target: `${HKU}\\Software\\Policies\\Microsoft\\Windows\\WindowsAI\\DisableAIDataAnalysis` },
  'registry_delete_exploit_guard_protected_folders.yml': {
    type: 'DeleteValue',
    image: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
    target: 'HKLM\\SOFTWARE\\Microsoft\\Windows Defender\\Windows Defender Exploit Guard\\Controlled Folder Access\\ProtectedFolders\\C:\\Users\\Public',
  },
  'registry_delete_mstsc_history_cleared.yml': { type: 'DeleteValue', image: 'C:\\Windows\\system32\\reg.exe', target: `${HKU}\\Software\\Microsoft\\Terminal Server Client\\Default\\MRU0` },
  'registry_delete_removal_amsi_registry_key.yml': { type: 'DeleteKey', image: 'C:\\Windows\\system32\\reg.exe', target: 'HKLM\\SOFTWARE\\Classes\\CLSID\\{2781761E-28E0-4109-99FE-B9D127C57AFE}' },
  'registry_delete_removal_com_hijacking_registry_key.yml': { type: 'DeleteKey', image: 'C:\\Users\\bob\\AppData\\Roaming\\upd.exe', target: `${HKU}_Classes\\ms-settings\\shell\\open\\command` },
  'registry_delete_runmru.yml': { type: 'DeleteKey', image: 'C:\\Windows\\system32\\reg.exe', target: `${HKU}\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\RunMRU` },
  'registry_delete_schtasks_hide_task_via_index_value_removal.yml': { type: 'DeleteValue', image: 'C:\\Windows\\regedit.exe', target: 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Schedule\\TaskCache\\Tree\\Updater\\Index' },
  'registry_delete_schtasks_hide_task_via_sd_value_removal.yml': { type: 'DeleteValue', image: 'C:\\Windows\\regedit.exe', target: 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Schedule\\TaskCache\\Tree\\Updater\\SD' },
};

/** A Sysmon 12 (registry object added or deleted) event as evtx_dump renders it. */
function sysmon12(eventType: string, image: string, target: string): string {
  return JSON.stringify({
    Event: {
      System: {
        Provider: { '#attributes': { Name: 'Microsoft-Windows-Sysmon', Guid: '5770385F-C22A-43E0-BF4C-06F5698FFBD9' } },
        EventID: 12,
        Channel: 'Microsoft-Windows-Sysmon/Operational',
        Computer: 'ws01.corp.example',
        TimeCreated: { '#attributes': { SystemTime: '2026-11-30T10:12:03.123456Z' } },
      },
      EventData: { RuleName: '-', EventType: eventType, UtcTime: '2026-11-30 10:12:03.123', ProcessGuid: '{39e4a257-f1b3-5f8b-a700-000000000700}', ProcessId: 4242, Image: image, TargetObject: target, User: 'CORP\\bob' },
    },
  });
}

describe('registry_add and registry_delete follow THOR\'s EventType conditions', () => {
  const deleteRules = rulesIn(join(REGISTRY, 'registry_delete'));
  // Netwire's rule names no EventType itself: only the log source keeps it off deletions.
  const addRules = [...rulesIn(join(REGISTRY, 'registry_add')), ...rulesIn(join(CORPORA, 'sigma/rules-emerging-threats/2021/Malware/Netwire'))];
  const set = new DetectionRuleSet([...deleteRules, ...addRules]);
  const fired = (eventType: string, image: string, target: string) => set.match(normalizedEvent(sysmon12(eventType, image, target), 'sysmon12')).map((r) => basename(r.file));

  it('covers every SigmaHQ registry_delete rule', () => {
    expect(deleteRules.map((r) => r.file).sort()).toEqual(Object.keys(DELETIONS).sort());
  });

  it.each(Object.entries(DELETIONS))('%s fires on the deletion, not on the creation of the same key', (file, { type, image, target }) => {
    expect(fired(type, image, target)).toEqual([file]);
    expect(fired('CreateKey', image, target)).toEqual([]);
  });

  it('a registry_add rule fires on the creation of its key, not on its deletion', () => {
    const target = `${HKU}\\Software\\NetWire\\HostId`;
    expect(fired('CreateKey', 'C:\\Users\\bob\\AppData\\Roaming\\Install\\Host.exe', target)).toEqual(['registry_add_malware_netwire.yml']);
    expect(fired('DeleteKey', 'C:\\Users\\bob\\AppData\\Roaming\\Install\\Host.exe', target)).toEqual([]);
  });
});
