// Debian's Chromium for the console's browser tests (playwright-core drives it through
// executablePath; nothing may download a browser here). Plain Node, no npm deps.
import { ensureDebianCommand } from './apt.mjs';

/** @returns {Promise<string>} the path of chromium (QUELL_CHROMIUM when set) */
export function ensureChromium() {
  if (process.env.QUELL_CHROMIUM) return Promise.resolve(process.env.QUELL_CHROMIUM);
  return ensureDebianCommand({ command: 'chromium', packageName: 'chromium', otherwise: 'or set QUELL_CHROMIUM to a Chromium binary' });
}
