import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '@quell/platform-observability';
import { startOperatorApi, type OperatorApi, type OperatorApiOptions } from '../operator-api';
import { SinglePortRouter } from '../single-port';

export interface ServedOperatorApi {
  api: OperatorApi;
  /** `http://127.0.0.1:<port>` */
  base: string;
  /** Closes the port, then the API. */
  close(): Promise<void>;
}

/** The operator API on a free loopback port behind the single-port router, as the all-in-one serves it; a silent logger and a 1 MiB body limit unless given. */
export async function serveOperatorApi(options: Omit<OperatorApiOptions, 'logger' | 'maxBodyBytes'> & Partial<Pick<OperatorApiOptions, 'logger' | 'maxBodyBytes'>>): Promise<ServedOperatorApi> {
  const api = await startOperatorApi({ logger: createLogger({ service: 'operator-api', level: 'silent' }), maxBodyBytes: 1024 * 1024, ...options });
  const server = createServer(new SinglePortRouter([api.mounted]).handle);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    api,
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      await new Promise((done) => server.close(done));
      await api.close();
    },
  };
}
