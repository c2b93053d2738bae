import { isIP } from 'node:net';

/**
 * GitHub's organization / enterprise audit log (REST API, streaming, Elastic's github.audit input)
 * → ECS fields. Every entry names its event `<category>.<operation>` (repo.destroy,
 * protected_branch.create, team.add_member). Most categories record a change to how an org, repo
 * or team is set up (ECS category `configuration`, class config_change); the ones below record
 * work done under that setup or a sign-in, and are not changes.
 */
export function isGithubAudit(flat: Readonly<Record<string, string>>): boolean {
  return (
    /^[a-z_]+\.[a-z_]+$/.test(flat['action'] ?? '') &&
    flat['actor'] !== undefined &&
    (flat['created_at'] ?? flat['@timestamp'] ?? flat['_document_id']) !== undefined &&
    (flat['org'] ?? flat['business'] ?? flat['_document_id'] ?? flat['actor_id'] ?? flat['actor_location.country_code']) !== undefined
  );
}

// Day-to-day work recorded in the audit log: code, reviews, workflow runs, codespaces, API calls.
const ACTIVITY_CATEGORIES = new Set([
  'git', 'pull_request', 'pull_request_review', 'pull_request_review_comment', 'issue', 'issue_comment', 'issues', 'discussion',
  'discussion_comment', 'codespaces', 'api', 'copilot', 'secret_scanning_alert', 'repository_vulnerability_alert', 'dependabot_alert',
  'code_scanning_alert',
]);
// Operations of configuration categories that change nothing: a push the protection refused, an
// override or bypass of a rule (the push is the event, not the rule), a download, a workflow run.
const NOT_A_CHANGE = /^(?:rejected_ref_update|policy_override|bypass|download_zip|clone|fetch|[a-z_]*workflow_(?:run|job))$/;
// GitHub Enterprise Server's user sign-ins (user.login, user.failed_login, user.logout).
const SIGN_IN: Record<string, string> = { 'user.login': 'success', 'user.failed_login': 'failure', 'user.logout': 'success' };

export function githubAuditFields(flat: Readonly<Record<string, string>>): Record<string, string> {
  const action = flat['action'];
  const fields: Record<string, string> = { 'event.action': action, 'event.provider': 'github', 'user.name': flat['actor'] };
  const ip = flat['actor_ip'] ?? flat['actor_location.ip'];
  if (ip !== undefined && isIP(ip)) fields['source.ip'] = ip;
  if (flat['user_agent']) fields['user_agent.original'] = flat['user_agent'];
  const time = flat['@timestamp'] ?? flat['created_at'];
  if (time !== undefined) fields['@timestamp'] = time;
  const [category, operation] = action.split('.');
  if (action in SIGN_IN) {
    fields['event.category'] = 'authentication';
    fields['event.outcome'] = SIGN_IN[action];
  } else {
    fields['event.category'] = ACTIVITY_CATEGORIES.has(category) || NOT_A_CHANGE.test(operation) ? 'web' : 'configuration';
  }
  return fields;
}
