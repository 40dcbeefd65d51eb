import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';

export interface SelfSignedCertificate {
  key: string;
  cert: string;
  /** Where the PEM certificate was written, for `NODE_EXTRA_CA_CERTS` and friends. */
  certPath: string;
}

/**
 * A self-signed certificate for localhost, 127.0.0.1 and ::1, written to a fresh temporary folder.
 * It is its own CA, so trusting the printed file is enough.
 */
export async function createLocalhostCertificate(extraHosts: string[] = []): Promise<SelfSignedCertificate> {
  const altNames = [
    { type: 2 as const, value: 'localhost' },
    { type: 7 as const, ip: '127.0.0.1' },
    { type: 7 as const, ip: '::1' },
    ...extraHosts.map((host) =>
      /^[\d.]+$|:/.test(host) ? { type: 7 as const, ip: host } : { type: 2 as const, value: host },
    ),
  ];
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    notAfterDate: new Date(Date.now() + 30 * 24 * 3600 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ],
  });
  const dir = mkdtempSync(join(tmpdir(), 'berbix-sandbox-tls-'));
  const certPath = join(dir, 'cert.pem');
  writeFileSync(certPath, pems.cert);
  return { key: pems.private, cert: pems.cert, certPath };
}
