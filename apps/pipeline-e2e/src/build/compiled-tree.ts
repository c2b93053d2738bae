import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative } from 'node:path';

export const ROOT = join(__dirname, '..', '..', '..', '..');

/** Runs `npm run build`'s script into `outDir`; throws with tsc's output when it fails. */
export function buildInto(outDir: string): void {
  const build = spawnSync(process.execPath, [join(ROOT, 'tools', 'build', 'build.mjs'), '--out-dir', outDir], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed (${build.status}):\n${build.stdout}${build.stderr}`);
}

/** Every file below `dir`, as paths relative to it with forward slashes. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split('\\').join('/'));
}

/** The module names a compiled CommonJS file requires (tsc turns imports and dynamic imports into require). */
export function requiredSpecifiers(js: string): string[] {
  return [...js.matchAll(/\brequire\((["'])([^"']+)\1\)/g)].map((match) => match[2]);
}

/** The package a bare specifier loads (`@nestjs/common/constants` → `@nestjs/common`); undefined for relative paths and Node built-ins. */
export function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:') || builtinModules.includes(specifier)) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * A node_modules holding what `npm ci --omit=dev` installs according to package-lock.json: each
 * top-level package not marked dev, linked from the checkout (nested copies come with their parent).
 */
export function linkProductionModules(into: string): string[] {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
  const linked: string[] = [];
  for (const [key, entry] of Object.entries(lock.packages)) {
    const name = key.slice('node_modules/'.length);
    if (!key.startsWith('node_modules/') || name.includes('node_modules/') || entry.dev) continue;
    // Optional packages for other platforms are in the lock but not on disk.
    if (!existsSync(join(ROOT, key))) continue;
    mkdirSync(dirname(join(into, name)), { recursive: true });
    symlinkSync(join(ROOT, key), join(into, name), 'dir');
    linked.push(name);
  }
  return linked;
}
