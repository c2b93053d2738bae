// A command the tests need from one of Debian's packages: found on PATH, else installed with apt-get
// when we are root (a fresh CI machine), else a clear error saying what to install. Plain Node, no npm deps.
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { run } from './process.mjs';

export function findOnPath(command) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * @param {{ command: string, packageName: string, otherwise: string }} wanted `otherwise`: what a
 *   non-root user can do instead (install it themselves, or point the tests at a running server)
 * @returns {Promise<string>} the command's path
 */
export async function ensureDebianCommand({ command, packageName, otherwise }) {
  const found = findOnPath(command);
  if (found) return found;
  if (process.getuid?.() !== 0) {
    throw new Error(`${command} is not on PATH. Install it (Debian/Ubuntu: sudo apt-get install ${packageName})${otherwise ? ` ${otherwise}` : ''}.`);
  }
  console.error(`[infra] ${command} is not on PATH; installing Debian's ${packageName} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => run('apt-get', ['install', '-y', '-q', '--no-install-recommends', packageName], { env });
  try {
    await install();
  } catch {
    // Usually a fresh machine whose package lists were never downloaded.
    await run('apt-get', ['update', '-q'], { env });
    await install();
  }
  const installed = findOnPath(command);
  if (!installed) throw new Error(`apt-get installed ${packageName} but ${command} is still not on PATH`);
  return installed;
}
