import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { RuleCatalog } from '../catalog/rule-catalog';
import { belongsToLogsource } from './logsource-router';
import { CORPORA, normalizedEvent } from './rule-index-corpus.test-util';
import { loadSigmaRules } from './rule-loader';
import type { SigmaDetectionRule } from './sigma-rule';

/**
 * Issue 11, Sigma defect 3: an `expand` placeholder nothing provides values for is refused, as
 * pySigma refuses it, instead of becoming an empty list (which emptied the rule's filter, so it
 * fired on every legitimate request). The rules are SigmaHQ's, read in place.
 */
const CERTIGHOST = join(CORPORA, 'sigma/rules-emerging-threats/2026/Exploits/CVE-2026-54121');
const CHASE_REQUEST = join(CERTIGHOST, 'win_security_adcs_certighost_cdc_chase_request.yml');

/** Security 4886 (Certificate Services received a certificate request) as evtx_dump renders it. */
function request4886(requester: string, attributes: string): string {
  return JSON.stringify({
    Event: {
      System: {
        Provider: { '#attributes': { Name: 'Microsoft-Windows-Security-Auditing', Guid: '54849625-5478-4994-A5BA-3E3B0328C30D' } },
        EventID: 4886,
        Channel: 'Security',
        Computer: 'ca01.corp.example',
        TimeCreated: { '#attributes': { SystemTime: '2026-11-30T10:12:03.123456Z' } },
      },
      EventData: { RequestId: '1207', Requester: requester, Attributes: attributes },
    },
  });
}

describe('expand placeholders without a value source', () => {
  const text = readFileSync(CHASE_REQUEST, 'utf8');

  it('rejects win_security_adcs_certighost_cdc_chase_request.yml, naming the rule, the placeholder and the line', () => {
    const { rules, errors } = loadSigmaRules(text, 'chase.yml');
    expect(rules).toEqual([]);
    expect(errors).toEqual([
      {
        file: 'chase.yml',
        line: text.split('\n').findIndex((l) => l.includes("Attributes|contains|expand: '%known_cdcs%'")) + 1,
        reason: 'rule "ADCS - Certighost CDC Chase Certificate Request (CVE-2026-54121)": placeholder %known_cdcs% has no value source (give it a watchlist named known_cdcs)',
      },
    ]);
  });

  it('with the known DCs given, does not fire on a legitimate DC chase and fires on a rogue one', () => {
    // Values written `cdc:<dc>`: the attack's own `rmd:` names the real DC, which a bare name would filter out.
    const { rules, errors } = loadSigmaRules(text, 'chase.yml', { placeholders: { known_cdcs: ['cdc:dc01.corp.example', 'cdc:10.0.0.5'] } });
    expect(errors).toEqual([]);
    const rule = rules[0] as SigmaDetectionRule;
    const fires = (attributes: string) => {
      const event = normalizedEvent(request4886('CORP\\GHOST7F3A$', attributes), '4886');
      return belongsToLogsource(rule.logsource, event) && rule.matches(event);
    };
    expect(fires('cdc:dc01.corp.example\nrmd:dc01.corp.example\nccm:ws01.corp.example')).toBe(false);
    expect(fires('cdc:192.0.2.66\nrmd:dc01.corp.example\nccm:ws01.corp.example')).toBe(true);
  });

  it('a rule set rejects only the rules with such placeholders: the Certighost folder serves its third rule', () => {
    const texts = new Map(readdirSync(CERTIGHOST).map((name) => [name, readFileSync(join(CERTIGHOST, name), 'utf8')] as const));
    const catalog = RuleCatalog.build(texts);
    expect(catalog.detectionRules.map((r) => r.file)).toEqual(['win_security_adcs_certighost_ghost_machine_account_creation.yml']);
    expect(catalog.errors.map((e) => [e.file, e.reason.replace(/^rule "[^"]*": /, '')])).toEqual([
      ['win_security_adcs_certighost_cdc_chase_request.yml', 'placeholder %known_cdcs% has no value source (give it a watchlist named known_cdcs)'],
      ['win_security_adcs_certighost_cert_issued_via_chase.yml', 'placeholder %known_cdcs% has no value source (give it a watchlist named known_cdcs)'],
    ]);
  });

  it('of the whole SigmaHQ corpus, exactly the two rules using %known_cdcs% are refused for a placeholder', () => {
    const refused: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('.yml') && readFileSync(path, 'utf8').includes('|expand')) {
          const { errors } = loadSigmaRules(readFileSync(path, 'utf8'), relative(CORPORA, path));
          refused.push(...errors.filter((e) => e.reason.includes('has no value source')).map((e) => e.file));
        }
      }
    };
    for (const set of ['rules', 'rules-emerging-threats', 'rules-threat-hunting']) walk(join(CORPORA, 'sigma', set));
    expect(refused.sort()).toEqual([
      'sigma/rules-emerging-threats/2026/Exploits/CVE-2026-54121/win_security_adcs_certighost_cdc_chase_request.yml',
      'sigma/rules-emerging-threats/2026/Exploits/CVE-2026-54121/win_security_adcs_certighost_cert_issued_via_chase.yml',
    ]);
  });
});
