import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSigmaRules } from './rule-loader';
import { CORPORA, normalizedEvent } from './rule-index-corpus.test-util';
import { belongsToLogsource } from './logsource-router';
import type { SigmaDetectionRule } from './sigma-rule';

/**
 * Issue 11, Sigma defect 1: classic logs (Windows PowerShell 400, Application, MSExchange Management)
 * write unnamed `<Data>` elements, which evtx_dump renders as `"Data": {"#text": [...]}`. SigmaHQ's
 * 35 rules that test `Data` must see them; the rule is read in place from the corpus.
 */
const DOWNGRADE = join(CORPORA, 'sigma/rules/windows/powershell/powershell_classic/posh_pc_downgrade_attack.yml');

function rule(path: string): SigmaDetectionRule {
  const { rules, errors } = loadSigmaRules(readFileSync(path, 'utf8'), path);
  expect(errors).toEqual([]);
  return rules[0] as SigmaDetectionRule;
}

/** The third Data element as Windows PowerShell writes it (layout of a real 400 event's details). */
function details(hostVersion: string, engineVersion: string, hostApplication: string): string {
  return [
    '\tNewEngineState=Available',
    '\tPreviousEngineState=None',
    '',
    '\tSequenceNumber=13',
    '',
    '\tHostName=ConsoleHost',
    `\tHostVersion=${hostVersion}`,
    '\tHostId=9ebd19fb-d695-44ec-a9b1-51d48db8b1ef',
    `\tHostApplication=${hostApplication}`,
    `\tEngineVersion=${engineVersion}`,
    '\tRunspaceId=0a4191f5-9ee9-417b-9ebe-fbb73aa20b37',
    '\tPipelineId=',
    '\tCommandName=',
  ].join('\r\n');
}

/** A PowerShell 400 event as evtx_dump renders it (JSON output, default attribute layout). */
function evtxDump400(data: unknown): string {
  return JSON.stringify({
    Event: {
      '#attributes': { xmlns: 'http://schemas.microsoft.com/win/2004/08/events/event' },
      System: {
        Provider: { '#attributes': { Name: 'PowerShell' } },
        EventID: { '#attributes': { Qualifiers: 0 }, '#text': 400 },
        Level: 4,
        Task: 4,
        Keywords: '0x80000000000000',
        TimeCreated: { '#attributes': { SystemTime: '2026-11-30T10:12:03.885878Z' } },
        EventRecordID: 50575,
        Channel: 'Windows PowerShell',
        Computer: 'ws01.corp.example',
        Security: null,
      },
      EventData: { Data: data, Binary: null },
    },
  });
}

describe('classic Windows events with unnamed Data elements', () => {
  const downgrade = rule(DOWNGRADE);
  const matches = (text: string) => {
    const event = normalizedEvent(text, 'ps400');
    return belongsToLogsource(downgrade.logsource, event) && downgrade.matches(event);
  };

  it('posh_pc_downgrade_attack fires on a PowerShell 400 event in evtx_dump\'s "#text" array shape', () => {
    const attack = details('5.1.19041.1', '2.0', 'powershell.exe -Version 2 -NoProfile -Command IEX $x');
    expect(matches(evtxDump400({ '#text': ['Available', 'None', attack] }))).toBe(true);
  });

  it('does not fire on an ordinary engine start, nor on a PowerShell 2 host (the rule\'s filter)', () => {
    const ordinary = details('5.1.19041.1', '5.1.19041.1', 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
    const oldHost = details('2.0', '2.0', 'powershell.exe');
    expect(matches(evtxDump400({ '#text': ['Available', 'None', ordinary] }))).toBe(false);
    expect(matches(evtxDump400({ '#text': ['Available', 'None', oldHost] }))).toBe(false);
  });

  it('reads Winlogbeat\'s param1..paramN of a classic event as Data', () => {
    const attack = details('5.1.14409.1018', '2.0', 'powershell -noP -sta -w 1 -version 2');
    const winlogbeat = JSON.stringify({
      '@timestamp': '2026-11-30T10:12:03.885Z',
      message: 'Engine state is changed from None to Available.',
      winlog: { event_id: 400, channel: 'Windows PowerShell', provider_name: 'PowerShell', computer_name: 'ws01.corp.example', event_data: { param1: 'Available', param2: 'None', param3: attack } },
    });
    expect(normalizedEvent(winlogbeat, 'ps400').original['Data']).toBe(`Available\nNone\n${attack}`);
    expect(matches(winlogbeat)).toBe(true);
  });

  it('reads the unnamed elements written as a plain array (the evtx crate\'s other rendering, xmltodict)', () => {
    const attack = details('5.1.19041.1', '2.0', 'powershell.exe -version 2');
    const event = normalizedEvent(evtxDump400(['Available', 'None', attack]), 'ps400');
    expect(event.original['Data']).toBe(`Available\nNone\n${attack}`);
    expect(matches(evtxDump400(['Available', 'None', attack]))).toBe(true);
  });
});
