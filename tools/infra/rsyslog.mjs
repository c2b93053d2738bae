// rsyslog with its Kafka output (omkafka) for the shipper tests, from Debian's packages: rsyslog,
// rsyslog-kafka and librdkafka1 are fetched with `apt-get download` and unpacked with `dpkg-deb -x`
// under .cache, so no root is needed and no system service is installed or started (installing
// the rsyslog package would start a system daemon on /dev/log). Plain Node, no npm deps.
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from './process.mjs';

const VERSION = '8.2302';
const PACKAGES = ['rsyslog', 'rsyslog-kafka', 'librdkafka1'];
// rsyslog's own libraries: fetched too when the system lacks them.
const LIBRARIES = ['libestr0', 'libfastjson4', 'liblognorm5'];
const ARCH_LIBS = 'usr/lib/x86_64-linux-gnu';

async function installed(pkg) {
  try {
    return (await run('dpkg-query', ['-W', '-f=${Status}', pkg])).includes('install ok installed');
  } catch {
    return false;
  }
}

/**
 * @param {{ cacheDir: string }} options
 * @returns {Promise<{ rsyslogd: string, moduleDir: string, libraryPath: string, version: string }>}
 */
export async function ensureRsyslog({ cacheDir }) {
  const root = path.join(cacheDir, `rsyslog-${VERSION}`);
  const found = () => ({
    rsyslogd: path.join(root, 'usr/sbin/rsyslogd'),
    moduleDir: path.join(root, ARCH_LIBS, 'rsyslog'),
    libraryPath: path.join(root, ARCH_LIBS),
  });
  const ready = () => existsSync(path.join(found().moduleDir, 'omkafka.so')) && existsSync(found().rsyslogd);
  if (!ready()) {
    const debs = path.join(root, 'debs');
    mkdirSync(debs, { recursive: true });
    const wanted = [...PACKAGES];
    for (const lib of LIBRARIES) if (!(await installed(lib))) wanted.push(lib);
    const download = () => run('apt-get', ['download', ...wanted], { cwd: debs });
    try {
      await download();
    } catch (error) {
      // A fresh machine whose package lists were never downloaded: only root can fetch them.
      if (process.getuid?.() !== 0) {
        throw new Error(`apt-get download ${wanted.join(' ')} failed (run \`sudo apt-get update\` once on a Debian/Ubuntu machine): ${error.message}`);
      }
      await run('apt-get', ['update', '-q']);
      await download();
    }
    for (const deb of readdirSync(debs).filter((f) => f.endsWith('.deb'))) await run('dpkg-deb', ['-x', path.join(debs, deb), root]);
    rmSync(debs, { recursive: true, force: true });
    if (!ready()) throw new Error(`unpacking ${wanted.join(' ')} left no rsyslogd with omkafka.so under ${root}`);
  }
  const version = (await run(found().rsyslogd, ['-v'], { env: { ...process.env, LD_LIBRARY_PATH: found().libraryPath } })).split('\n')[0].trim();
  return { ...found(), version };
}

// `node tools/infra/rsyslog.mjs` prints the install as JSON (jest workers cannot import this ES module).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const cacheDir = process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '.cache');
  ensureRsyslog({ cacheDir }).then(
    (install) => process.stdout.write(`${JSON.stringify(install)}\n`),
    (error) => {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 1;
    },
  );
}
