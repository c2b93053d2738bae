// One jest run over every project, so the whole suite shares the Kafka broker and
// Redis server that the global setup starts (or finds through KAFKA_BROKERS / REDIS_URL).
const { readdirSync, existsSync } = require('node:fs');
const path = require('node:path');

function findProjects(dir) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (existsSync(path.join(full, 'jest.config.js'))) found.push(full);
    else found.push(...findProjects(full));
  }
  return found;
}

module.exports = {
  // tools/bench: the benchmark harness's own check (the benchmarks themselves print, they are not tests).
  projects: [...findProjects(path.join(__dirname, 'apps')), ...findProjects(path.join(__dirname, 'libs')), path.join(__dirname, 'tools', 'bench')],
  globalSetup: '<rootDir>/libs/platform/testing/src/jest/global-setup.ts',
  globalTeardown: '<rootDir>/libs/platform/testing/src/jest/global-teardown.ts',
  testTimeout: 60000,
  // On 2 cores jest runs the files in band, in its own process: a handle a test forgets (a server, a
  // reconnecting client) would keep the run alive after the summary until CI's time runs out.
  // Jest still prints that it forced the exit, so the leak stays visible.
  forceExit: true,
};
