import { parseRoutingFile, RoutingFileError } from './routing-file';

const env = { SLACK_SOC_URL: 'https://hooks.slack.com/services/T/B/x', PD_KEY: 'a'.repeat(32), HOOK_URL: 'https://hooks.example.com/q', HOOK_SECRET: 's3cret' };

const GOOD = `version: 1
channels:
  soc-slack: { type: slack, urlEnv: SLACK_SOC_URL, rateLimit: { perMinute: 30 } }
  oncall: { type: pagerduty, routingKeyEnv: PD_KEY }
  audit: { type: webhook, urlEnv: HOOK_URL, secretEnv: HOOK_SECRET, fields: [transition, incidentId, priority] }
quietHours: { timeZone: Europe/Berlin, start: "22:00", end: "07:00", mode: defer }
routes:
  - name: page-p1
    match: { priority: [1, 2], transition: [opened, priority_raised, escalated] }
    to: oncall
    quietHours: false
    escalation: { afterMinutes: 15, targets: [soc-slack, audit] }
  - name: everything
    to: [soc-slack, audit]
`;

function problemsOf(text: string, environment: Record<string, string> = env): string[] {
  try {
    parseRoutingFile(text, 'routes.yaml', environment);
  } catch (error) {
    if (error instanceof RoutingFileError) return error.problems;
    throw error;
  }
  throw new Error('expected a RoutingFileError');
}

describe('routing file', () => {
  it('reads channels with their secrets from the environment, routes, quiet hours and escalation', () => {
    const table = parseRoutingFile(GOOD, 'routes.yaml', env);
    expect(table.channels.get('soc-slack')).toEqual({ name: 'soc-slack', type: 'slack', url: env.SLACK_SOC_URL, interactive: false, rateLimit: { perMinute: 30, burst: 5 } });
    expect(table.channels.get('oncall')).toMatchObject({ type: 'pagerduty', routingKey: env.PD_KEY, rateLimit: null });
    expect(table.routes[0]).toMatchObject({ name: 'page-p1', to: ['oncall'], quietHours: false, escalation: { afterMs: 900_000, targets: ['soc-slack', 'audit'] } });
    expect(table.routes[1]).toMatchObject({ name: 'everything', to: ['soc-slack', 'audit'], quietHours: true, stop: false, escalation: null });
    expect(table.quietHours).toEqual({ timeZone: 'Europe/Berlin', days: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'], startMinute: 1320, endMinute: 420, mode: 'defer' });
  });

  it('names the file, line and key of every mistake at once', () => {
    const bad = GOOD.replace('to: oncall', 'to: pager').replace('priority: [1, 2]', 'priority: [1, 9]').replace('type: slack', 'type: slak');
    expect(problemsOf(bad)).toEqual([
      expect.stringMatching(/^routes\.yaml:3: channels\.soc-slack\.type: /),
      expect.stringMatching(/^routes\.yaml:9: routes\.0\.match\.priority\.1: Too big/),
    ]);
    expect(problemsOf(GOOD.replace('to: oncall', 'to: pager'))).toEqual(['routes.yaml:10: routes.0.to: no channel named "pager"']);
    expect(problemsOf(GOOD.replace('targets: [soc-slack, audit]', 'targets: [soc-slack, boss]'))).toEqual(['routes.yaml:12: routes.0.escalation.targets.1: no channel named "boss"']);
  });

  it('refuses a secret missing from the environment, naming the variable and the line', () => {
    expect(problemsOf(GOOD, { ...env, PD_KEY: '' })).toEqual(['routes.yaml:4: channels.oncall.routingKeyEnv: environment variable PD_KEY is not set']);
  });

  it('refuses a URL or PagerDuty key that cannot work, naming the variable but never its value', () => {
    const problems = problemsOf(GOOD, { ...env, SLACK_SOC_URL: 'hooks.slack.com/services/T/B/secret-part', PD_KEY: 'short-secret' });
    expect(problems).toEqual([
      'routes.yaml:3: channels.soc-slack.urlEnv: environment variable SLACK_SOC_URL is not an http(s) URL',
      'routes.yaml:4: channels.oncall.routingKeyEnv: environment variable PD_KEY is not a 32-character PagerDuty integration key',
    ]);
    expect(problems.join('\n')).not.toMatch(/secret-part|short-secret/);
  });

  it('refuses YAML it cannot read, and a repeated key, with the line', () => {
    expect(problemsOf('version: 1\nchannels: {\n')).toEqual([expect.stringMatching(/^routes\.yaml:\d+: YAML: /)]);
    expect(problemsOf('version: 1\nchannels: {}\nchannels: {}\n')).toEqual([expect.stringMatching(/^routes\.yaml:3: YAML: /)]);
  });

  it('reads ticketing and e-mail channels, their credentials from the environment', () => {
    const environment = { ...env, JIRA_SITE: 'https://acme.atlassian.net', JIRA_USER: 'q@acme.com', JIRA_TOKEN: 't', SN: 'https://acme.service-now.com', SN_USER: 'quell', SN_PASS: 'p', SMTP: 'mail.acme.com' };
    const table = parseRoutingFile(
      `version: 1
channels:
  jira: { type: jira, siteUrlEnv: JIRA_SITE, emailEnv: JIRA_USER, apiTokenEnv: JIRA_TOKEN, projectKey: SOC, resolveTransitionId: 31 }
  snow: { type: servicenow, instanceUrlEnv: SN, userEnv: SN_USER, passwordEnv: SN_PASS, assignmentGroup: SOC }
  mail: { type: email, from: "Quell <quell@acme.com>", to: [soc@acme.com, lead@acme.com], smtpHostEnv: SMTP }
`,
      'routes.yaml',
      environment,
    );
    expect(table.channels.get('jira')).toMatchObject({ type: 'jira', siteUrl: 'https://acme.atlassian.net', email: 'q@acme.com', apiToken: 't', projectKey: 'SOC', resolveTransitionId: '31' });
    expect(table.channels.get('snow')).toMatchObject({ type: 'servicenow', instanceUrl: 'https://acme.service-now.com', user: 'quell', password: 'p', assignmentGroup: 'SOC' });
    expect(table.channels.get('mail')).toMatchObject({ type: 'email', to: ['soc@acme.com', 'lead@acme.com'], smtp: { host: 'mail.acme.com', port: 587, secure: false, requireTls: true } });
    expect(problemsOf('version: 1\nchannels:\n  mail: { type: email, from: quell, to: nobody, smtpHostEnv: SMTP }\n', environment)).toEqual([
      expect.stringMatching(/^routes\.yaml:3: channels\.mail\.from: a sender address/),
      expect.stringMatching(/^routes\.yaml:3: channels\.mail\.to: /),
    ]);
  });
});
