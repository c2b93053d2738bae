import { parseRoutingFile } from '@quell/notify';
import { readmeSnippet } from '@quell/platform-testing';

describe('the README routing file example', () => {
  it('parses as documented', () => {
    const env = { SLACK_SOC_URL: 'https://hooks.slack.com/services/x', PD_ROUTING_KEY: 'k'.repeat(32), OPSGENIE_KEY: 'key', AUDIT_URL: 'https://audit.example.com', AUDIT_SECRET: 's', TEAMS_URL: 'https://teams.example.com' };
    const table = parseRoutingFile(readmeSnippet('notify-routes'), 'README.md', env);
    expect(table.routes.map((route) => [route.name, route.to])).toEqual([['page-p1', ['oncall']], ['payments', ['soc-slack', 'teams']], ['everything', ['audit']]]);
    expect(table.routes[0].escalation).toEqual({ afterMs: 900_000, targets: ['lead', 'soc-slack'] });
  });
});
