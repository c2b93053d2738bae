import { isIP } from 'node:net';

/** Entra ID (Azure AD) sign-in log categories as Azure Monitor diagnostic settings export them. */
const SIGN_IN_CATEGORIES = new Set(['signinlogs', 'noninteractiveusersigninlogs', 'serviceprincipalsigninlogs', 'managedidentitysigninlogs']);

export function isAzureSignIn(flat: Readonly<Record<string, string>>): boolean {
  return SIGN_IN_CATEGORIES.has((flat['category'] ?? '').toLowerCase()) && flat['operationName'] !== undefined;
}

/**
 * An Entra ID sign-in → ECS authentication fields, after Elastic's azure/signinlogs pipeline: the
 * outcome is the status error code (0 succeeded, any other is the reason it failed, e.g. 50053
 * account locked), the user is the UPN. The record's `location` is a country, not a cloud region.
 */
export function azureSignInFields(flat: Readonly<Record<string, string>>): Record<string, string> {
  const fields: Record<string, string> = {
    'cloud.provider': 'azure',
    'event.category': 'authentication',
    'event.action': flat['operationName'],
    'event.provider': 'Microsoft.aadiam',
  };
  const code = flat['properties.status.errorCode'] ?? flat['resultType'];
  if (code !== undefined && code !== '') fields['event.outcome'] = code === '0' ? 'success' : 'failure';
  const user = flat['properties.userPrincipalName'] ?? flat['properties.servicePrincipalName'] ?? flat['identity'];
  if (user) fields['user.name'] = user;
  const ip = flat['callerIpAddress'] ?? flat['properties.ipAddress'];
  if (ip !== undefined && isIP(ip)) fields['source.ip'] = ip;
  if (flat['properties.userAgent']) fields['user_agent.original'] = flat['properties.userAgent'];
  const time = flat['time'] ?? flat['properties.createdDateTime'];
  if (time) fields['@timestamp'] = time;
  if (flat['properties.status.failureReason']) fields['message'] = flat['properties.status.failureReason'];
  return fields;
}
