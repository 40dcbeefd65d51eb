import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { licencePayload } from '@berbix-capture/testing/documents';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));
const basic = (secret: string) => `Basic ${Buffer.from(`${secret}:`).toString('base64')}`;

function start(args: string[]): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--conditions=source', '--import', 'tsx', CLI, ...args], { cwd: ROOT });
}

/** Resolves with the first stdout line, parsed. */
function firstLine(child: ChildProcessWithoutNullStreams): Promise<{ url: string; ca: string | null }> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => resolve(JSON.parse(line)));
    child.once('exit', (code) => reject(new Error(`exited ${code} before printing`)));
  });
}

function exit(child: ChildProcessWithoutNullStreams): Promise<{ code: number | null; stderr: string }> {
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, stderr: stderr + String(signal) })),
  );
}

/**
 * The CLI contract: first stdout line `{"url","ca"}`, runs until SIGTERM, flags validated. Each
 * start is a real `node --import tsx` process (about 2 s), hence the longer timeouts.
 */
describe('sandbox CLI', () => {
  let child: ChildProcessWithoutNullStreams | undefined;
  afterEach(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    child = undefined;
  });

  it('prints {url, ca:null} first, serves with the default secret, and exits 0 on SIGTERM', async () => {
    child = start([]);
    const done = exit(child);
    const { url, ca } = await firstLine(child);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(ca).toBeNull();
    const response = await fetch(`${url}/v0/transactions`, {
      method: 'POST',
      headers: { authorization: basic('secret_test_sandbox'), 'content-type': 'application/json' },
      body: JSON.stringify({ customer_uid: 'c', template_key: 't', api_only_options: {} }),
    });
    expect(response.status).toBe(200);
    child.kill('SIGTERM');
    expect((await done).code).toBe(0);
  }, 60_000);

  it('--tls prints the certificate path (and `--` from pnpm is tolerated)', async () => {
    child = start(['--', '--tls', '--secret', 'secret_test_cli']);
    const done = exit(child);
    const { url, ca } = await firstLine(child);
    expect(url).toMatch(/^https:\/\/localhost:\d+$/);
    expect(ca && existsSync(ca)).toBe(true);
    expect(readFileSync(ca as string, 'utf8')).toContain('BEGIN CERTIFICATE');
    child.kill('SIGTERM');
    const d = await done;
    expect(d, d.stderr).toMatchObject({ code: 0 });
  }, 60_000);

  it('applies --secret, --token-ttl, --max-retries, --fault-rate/--fault-kinds and --webhook-url/--webhook-secret', async () => {
    const hooks: Array<{ body: string; signature: string }> = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        hooks.push({ body, signature: String(req.headers['x-berbix-signature']) });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    child = start([
      ...['--secret', 'secret_test_cli', '--token-ttl', '30', '--max-retries', '0'],
      ...['--fault-rate', '1', '--fault-kinds', '503', '--webhook-url', hookUrl, '--webhook-secret', 'whsec_cli'],
    ]);
    const { url } = await firstLine(child);
    const auth = basic('secret_test_cli');
    const post = (path: string, authorization: string, body: unknown) =>
      fetch(`${url}${path}`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post('/v0/transactions', auth, { customer_uid: 'c', template_key: 't' })).status).toBe(503);
    await fetch(`${url}/_sandbox/faults`, { method: 'DELETE', headers: { authorization: auth } });
    const created = await (
      await post('/v0/transactions', auth, { customer_uid: 'cli', template_key: 't', api_only_options: {} })
    ).json();
    expect(created.expires_in).toBe(30);
    const client = `Bearer ${created.client_token}`;
    const garbage = {
      images: [
        { data: Buffer.from('not an image').toString('base64'), image_subject: 'document_front', format: 'image/png' },
      ],
    };
    expect((await (await post('/v0/images/upload', client, garbage)).json()).issues).toEqual(['bad_upload']);
    // --max-retries 0: the first retry already moves on.
    expect(await (await post('/v0/images/upload', client, garbage)).json()).toMatchObject({
      issues: [],
      next_step: 'upload_document_back',
    });
    const scan = {
      id_scans: [{ scan_type: 'pdf417', extracted_data: Buffer.from(licencePayload()).toString('base64') }],
    };
    expect((await (await post('/v0/idscans/upload', client, scan)).json()).next_step).toBe('done');
    for (let i = 0; i < 50 && hooks.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    receiver.close();
    const hook = hooks[0];
    expect(hook).toBeDefined();
    const [, timestamp, hex] = (hook?.signature ?? '').split(',');
    expect(hex).toBe(createHmac('sha256', 'whsec_cli').update(`${timestamp},whsec_cli,${hook?.body}`).digest('hex'));
  }, 60_000);

  it('refuses bad flags with exit code 2 and a message on stderr, printing nothing on stdout', async () => {
    const cases = [
      ['--port', 'x'],
      ['--token-ttl', '0'],
      ['--max-retries', '-1'],
      ['--webhook-url', 'not-a-url'],
      ['--fault-rate', '1.5'],
      ['--fault-kinds', '500,teapot'],
      ['--unknown'],
    ];
    const results = await Promise.all(
      cases.map(async (args) => {
        const proc = start(args);
        let stdout = '';
        proc.stdout.on('data', (chunk) => {
          stdout += chunk;
        });
        return { args, stdout, ...(await exit(proc)) };
      }),
    );
    for (const { args, code, stderr, stdout } of results) {
      expect(code, args.join(' ')).toBe(2);
      expect(stderr).toContain('usage: berbix-sandbox');
      expect(stdout).toBe('');
    }
  }, 60_000);
});
