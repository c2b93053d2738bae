import { secret } from '@quell/platform-config';
import { parseApiKeyList, parseQuellKeyEntry, type ApiKeyEntryParser } from './api-key-entry';

/**
 * A config field holding a key list: a secret (redacted from logs) checked at boot, so a malformed
 * entry refuses the start with the variable and the entry's position, never its text.
 */
export function apiKeyListSetting(parseEntry: ApiKeyEntryParser = parseQuellKeyEntry) {
  return secret().superRefine((raw, ctx) => {
    try {
      parseApiKeyList(raw, parseEntry);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
    }
  });
}
