// Detached reaper for a test service: when the process that started it (argv[2]) is gone, kill
// the service's process group (argv[3]). Exits on its own once the service has stopped.
const [parentPid, groupPid] = process.argv.slice(2).map(Number);

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

setInterval(() => {
  if (!alive(-groupPid)) process.exit(0);
  if (!alive(parentPid)) {
    try {
      process.kill(-groupPid, 'SIGKILL');
    } catch {
      // already gone
    }
    process.exit(0);
  }
}, 1000);
