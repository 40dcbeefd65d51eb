import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One webhook as it arrived: the raw body and its `X-Berbix-Signature` header. */
export interface ReceivedHook {
  body: string;
  signature: string;
}

export interface WebhookReceiver {
  server: Server;
  /** `http://127.0.0.1:<port><path>`. */
  url: string;
  received: ReceivedHook[];
}

/** A real webhook receiver on a free loopback port; answers with `statuses` in turn, then 200. */
export async function startWebhookReceiver(statuses: number[] = [], path = '/hooks'): Promise<WebhookReceiver> {
  const received: ReceivedHook[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({
        body: Buffer.concat(chunks).toString('utf8'),
        signature: String(req.headers['x-berbix-signature']),
      });
      res.writeHead(statuses[received.length - 1] ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`, received };
}
