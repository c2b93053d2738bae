import { request } from 'node:http';

/**
 * True when a Docker engine answers GET /_ping at `dockerHost` (DOCKER_HOST syntax: unix:// or
 * tcp://) or, by default, the standard socket. A short timeout: without Docker the harness falls
 * back to local processes, and that decision should not cost seconds.
 */
export function isDockerReachable(dockerHost: string | undefined, timeoutMs = 1500): Promise<boolean> {
  const target = dockerHost ?? 'unix:///var/run/docker.sock';
  const options = target.startsWith('unix://')
    ? { socketPath: target.slice('unix://'.length) }
    : target.startsWith('tcp://')
      ? { host: new URL(target).hostname, port: Number(new URL(target).port || 2375) }
      : undefined;
  if (!options) return Promise.resolve(false);
  return new Promise((resolve) => {
    const req = request({ ...options, path: '/_ping', method: 'GET', timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}
