import { isIP } from 'node:net';
import { azureSignInFields, isAzureSignIn } from './azure-signin';
import { githubAuditFields, isGithubAudit } from './github-audit';

/**
 * Cloud control-plane audit records (AWS CloudTrail, Azure Activity Log, GCP Cloud Audit Logs)
 * → ECS fields, after Elastic's aws/cloudtrail, azure/activitylogs and gcp/audit pipelines: who
 * called which API of which service, from where, in which account and region. A call that changes
 * something (a write) is a configuration change (ECS category `configuration`); a sign-in is an
 * authentication; a read is an API call. Kubernetes audit events (the API server's audit log,
 * EKS/AKS exports), the Okta System Log, Entra ID sign-ins and GitHub's audit log are read the same way. `flat` is the record flattened to dotted keys.
 */
export function cloudAuditFields(flat: Readonly<Record<string, string>>): Record<string, string> | undefined {
  if (flat['eventSource']?.endsWith('.amazonaws.com') && flat['eventName'] !== undefined) return cloudTrail(flat);
  if (flat['protoPayload.@type'] === 'type.googleapis.com/google.cloud.audit.AuditLog') return gcpAudit(flat);
  if (flat['kind'] === 'Event' && flat['apiVersion']?.startsWith('audit.k8s.io/') && flat['verb'] !== undefined) return kubernetesAudit(flat);
  if (flat['eventType'] !== undefined && flat['actor.alternateId'] !== undefined && flat['published'] !== undefined) return oktaSystemLog(flat);
  if (isAzureSignIn(flat)) return azureSignInFields(flat);
  if (isGithubAudit(flat)) return githubAuditFields(flat);
  const operation = flat['operationName.value'] ?? flat['operationName'];
  if (operation !== undefined && (flat['resourceId'] ?? flat['resourceUri']) !== undefined) return azureActivity(flat, operation);
  return undefined;
}

function put(fields: Record<string, string>, key: string, value: string | undefined): void {
  if (value !== undefined && value !== '') fields[key] = value;
}


// CloudTrail names read calls Get/List/Describe/…; `readOnly` says so directly on newer records.
const AWS_READ = /^(?:Get|List|Describe|Lookup|Head|Search|Select|Scan|Query|BatchGet|Check|Validate|Verify|Preview|Estimate|Test)/;
// Writes that configure nothing: session credentials (STS AssumeRole, GetSessionToken) and console
// sign-in. Data events (eventCategory Data: S3 PutObject, Lambda Invoke, DynamoDB PutItem) write
// data, not configuration ("CloudTrail record contents", eventCategory).
const AWS_NOT_CONFIG_SOURCES = new Set(['sts.amazonaws.com', 'signin.amazonaws.com']);

function cloudTrail(flat: Readonly<Record<string, string>>): Record<string, string> {
  const fields: Record<string, string> = { 'cloud.provider': 'aws', 'event.provider': flat['eventSource'], 'event.action': flat['eventName'] };
  put(fields, 'cloud.service.name', flat['eventSource']);
  put(fields, 'cloud.region', flat['awsRegion']);
  put(fields, 'cloud.account.id', flat['recipientAccountId'] ?? flat['userIdentity.accountId']);
  put(fields, '@timestamp', flat['eventTime']);
  put(fields, 'user_agent.original', flat['userAgent']);
  // Calls made by an AWS service on the user's behalf carry the service's name, not an address.
  if (isIP(flat['sourceIPAddress'] ?? '')) fields['source.ip'] = flat['sourceIPAddress'];
  const arn = flat['userIdentity.arn'];
  put(fields, 'user.name', flat['userIdentity.userName'] ?? flat['userIdentity.sessionContext.sessionIssuer.userName'] ?? arn?.slice(arn.lastIndexOf('/') + 1));
  const signIn = flat['eventType'] === 'AwsConsoleSignIn' || flat['eventName'] === 'ConsoleLogin';
  const result = flat['responseElements.ConsoleLogin'];
  fields['event.outcome'] = flat['errorCode'] || flat['errorMessage'] || result === 'Failure' ? 'failure' : 'success';
  const readOnly = flat['readOnly'];
  const configurable = flat['eventCategory'] !== 'Data' && !AWS_NOT_CONFIG_SOURCES.has(flat['eventSource']);
  const write = configurable && (readOnly === 'false' || (readOnly !== 'true' && !AWS_READ.test(flat['eventName'])));
  fields['event.category'] = signIn ? 'authentication' : write ? 'configuration' : 'api';
  return fields;
}

// GCP writes Admin Activity (every call that changes configuration or metadata) to its own log.
function gcpAudit(flat: Readonly<Record<string, string>>): Record<string, string> {
  const fields: Record<string, string> = { 'cloud.provider': 'gcp' };
  put(fields, 'event.action', flat['protoPayload.methodName']);
  put(fields, 'event.provider', flat['protoPayload.serviceName']);
  put(fields, 'cloud.service.name', flat['protoPayload.serviceName']);
  put(fields, 'cloud.account.id', flat['resource.labels.project_id']);
  put(fields, 'cloud.region', flat['resource.labels.location'] ?? flat['resource.labels.zone'] ?? flat['resource.labels.region']);
  put(fields, 'user.name', flat['protoPayload.authenticationInfo.principalEmail']);
  if (isIP(flat['protoPayload.requestMetadata.callerIp'] ?? '')) fields['source.ip'] = flat['protoPayload.requestMetadata.callerIp'];
  put(fields, 'user_agent.original', flat['protoPayload.requestMetadata.callerSuppliedUserAgent']);
  put(fields, '@timestamp', flat['timestamp']);
  const code = flat['protoPayload.status.code'];
  fields['event.outcome'] = code !== undefined && code !== '0' ? 'failure' : 'success';
  fields['event.category'] = /cloudaudit\.googleapis\.com%2Factivity$/.test(flat['logName'] ?? '') ? 'configuration' : 'api';
  return fields;
}

// Azure: `…/write` and `…/delete` operations change resources. The Activity Log API files them under
// category Administrative; diagnostic settings export them as category Write or Delete. Actions
// (`…/listKeys/action`, `…/restart/action`) read or operate rather than configure.
const AZURE_UPN = 'identity.claims.http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn';
function azureActivity(flat: Readonly<Record<string, string>>, operation: string): Record<string, string> {
  const fields: Record<string, string> = { 'cloud.provider': 'azure', 'event.action': operation };
  const resource = flat['resourceId'] ?? flat['resourceUri'] ?? '';
  put(fields, 'cloud.account.id', /\/subscriptions\/([^/]+)/i.exec(resource)?.[1]);
  const providerName = flat['resourceProviderName.value'] ?? /\/providers\/([^/]+)/i.exec(resource)?.[1];
  put(fields, 'event.provider', providerName);
  put(fields, 'cloud.service.name', providerName);
  put(fields, 'cloud.region', flat['location']);
  put(fields, 'user.name', flat[AZURE_UPN] ?? flat['caller'] ?? flat['identity.claims.name']);
  if (isIP(flat['callerIpAddress'] ?? '')) fields['source.ip'] = flat['callerIpAddress'];
  put(fields, '@timestamp', flat['time'] ?? flat['eventTimestamp']);
  const status = (flat['resultType'] ?? flat['status.value'] ?? '').toLowerCase();
  fields['event.outcome'] = status === 'failure' || status === 'failed' ? 'failure' : status === 'success' || status === 'succeeded' ? 'success' : 'unknown';
  const category = (flat['category.value'] ?? flat['category'] ?? '').toLowerCase();
  const administrative = category === 'administrative' || category === 'write' || category === 'delete';
  fields['event.category'] = administrative && /\/(?:write|delete)$/i.test(operation) ? 'configuration' : 'api';
  return fields;
}

const K8S_WRITES = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);
// Writes the control plane makes every few seconds on its own (leader leases, events, endpoint
// bookkeeping) and access reviews, which create nothing: counting them as configuration changes
// would bury the ones a person made.
// Pods (and their bindings and status) are workload the controllers churn through, not configuration.
const K8S_CHURN = new Set([
  'leases', 'events', 'endpoints', 'endpointslices', 'tokenreviews', 'subjectaccessreviews', 'selfsubjectaccessreviews', 'localsubjectaccessreviews',
  'selfsubjectrulesreviews', 'pods', 'bindings',
]);

function kubernetesAudit(flat: Readonly<Record<string, string>>): Record<string, string> {
  const fields: Record<string, string> = { 'event.action': flat['verb'], 'event.provider': 'kubernetes' };
  put(fields, 'user.name', flat['user.username']);
  // Flattened JSON joins the sourceIPs list with commas; the first is the client.
  const client = flat['sourceIPs']?.split(',')[0];
  if (client && isIP(client)) fields['source.ip'] = client;
  put(fields, 'user_agent.original', flat['userAgent']);
  put(fields, '@timestamp', flat['requestReceivedTimestamp'] ?? flat['stageTimestamp']);
  const code = Number(flat['responseStatus.code']);
  if (Number.isInteger(code) && code > 0) {
    fields['http.response.status_code'] = String(code);
    fields['event.outcome'] = code < 400 ? 'success' : 'failure';
  }
  const resource = flat['objectRef.resource'] ?? '';
  const statusOnly = flat['objectRef.subresource'] === 'status';
  fields['event.category'] = K8S_WRITES.has(flat['verb']) && resource !== '' && !K8S_CHURN.has(resource) && !statusOnly ? 'configuration' : 'api';
  return fields;
}

// Okta names changes `<object>[.<part>].<verb>`: policy.lifecycle.update, policy.rule.add,
// application.lifecycle.create, zone.update, group.user_membership.add; evaluations (policy.evaluate_sign_on)
// and a user's own sessions change nothing.
const OKTA_CHANGE = /^(?:policy|application|app|zone|network_zone|group|system|org|iam|security|user\.account\.privilege)\.(?:[a-z_]+\.)*(?:create|update|delete|add|remove|activate|deactivate|grant|revoke)$/;
const OKTA_OUTCOMES: Record<string, string> = { SUCCESS: 'success', ALLOW: 'success', FAILURE: 'failure', DENY: 'failure' };

function oktaSystemLog(flat: Readonly<Record<string, string>>): Record<string, string> {
  const type = flat['eventType'];
  const fields: Record<string, string> = { 'event.action': type, 'event.provider': 'okta' };
  put(fields, 'user.name', flat['actor.alternateId']);
  if (isIP(flat['client.ipAddress'] ?? '')) fields['source.ip'] = flat['client.ipAddress'];
  put(fields, 'user_agent.original', flat['client.userAgent.rawUserAgent']);
  put(fields, '@timestamp', flat['published']);
  put(fields, 'message', flat['displayMessage']);
  put(fields, 'event.outcome', OKTA_OUTCOMES[flat['outcome.result'] ?? '']);
  fields['event.category'] = /^user\.(?:session|authentication)\./.test(type) ? 'authentication' : OKTA_CHANGE.test(type) ? 'configuration' : 'iam';
  return fields;
}
