// The all-in-one's baseline: a trivial Node HTTP server that reads the same requests and parses
// them (JSON.parse per NDJSON line, a split for text lines), then answers 202. Prints its port.
import { createServer } from 'node:http';

const server = createServer((req, res) => {
  if (req.method === 'GET') return void res.writeHead(200).end('ok'); // readiness
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const lines = Buffer.concat(chunks).toString('utf8').split('\n');
    let accepted = 0;
    const json = (req.headers['content-type'] ?? '').startsWith('application/x-ndjson');
    for (const line of lines) {
      if (line.trim() === '') continue;
      if (json) JSON.parse(line);
      accepted += 1;
    }
    res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ accepted }));
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env['HTTP_PORT'] ?? 0), '127.0.0.1', () => {
  const address = server.address();
  console.log(JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 }));
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
