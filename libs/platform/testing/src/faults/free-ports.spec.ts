import { createServer, type Server } from 'node:net';
import { freePort, freePorts } from './process-group';

const listen = (port: number): Promise<Server> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
const close = (server: Server): Promise<void> => new Promise((resolve) => server.close(() => resolve()));

describe('freePorts', () => {
  it('hands out consecutive ports below the ephemeral range that can all be bound', async () => {
    const first = await freePorts(7);
    expect(first).toBeGreaterThanOrEqual(20_000);
    expect(first + 6).toBeLessThan(32_768);
    const servers = await Promise.all(Array.from({ length: 7 }, (_, i) => listen(first + i)));
    await Promise.all(servers.map(close));
  });

  it('passes over a port something listens on', async () => {
    const taken = await freePort();
    const server = await listen(taken);
    // The first pick lands on the taken port (a listen(0) port could not be steered there).
    const random = jest.spyOn(Math, 'random').mockReturnValueOnce((taken - 20_000 + 0.5) / (32_000 - 20_000 - 1));
    try {
      const port = await freePort();
      expect(random).toHaveBeenCalledTimes(2);
      expect(port).not.toBe(taken);
    } finally {
      random.mockRestore();
      await close(server);
    }
  });
});
