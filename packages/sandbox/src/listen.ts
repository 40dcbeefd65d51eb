import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createLocalhostCertificate } from './tls.js';

export interface LocalListenOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /**
   * Serve HTTPS with a fresh self-signed certificate for localhost, 127.0.0.1, ::1 and these
   * further names; absent: plain HTTP.
   */
  certificateHosts?: string[];
}

export interface LocalListener {
  server: Server;
  port: number;
  /** Where the certificate's PEM file was written, when serving HTTPS (to trust it). */
  certPath?: string;
}

/**
 * Serves `handler` on `host:port`, over HTTP or over HTTPS with a localhost certificate, and
 * resolves once it listens (rejects when it cannot, e.g. the port is taken). The sandbox's and the
 * demo's servers start the same way.
 */
export async function listenLocally(handler: RequestListener, options: LocalListenOptions): Promise<LocalListener> {
  let server: Server;
  let certPath: string | undefined;
  if (options.certificateHosts) {
    const certificate = await createLocalhostCertificate(options.certificateHosts);
    certPath = certificate.certPath;
    server = createHttpsServer({ key: certificate.key, cert: certificate.cert }, handler);
  } else {
    server = createHttpServer(handler);
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return { server, port, ...(certPath !== undefined && { certPath }) };
}
