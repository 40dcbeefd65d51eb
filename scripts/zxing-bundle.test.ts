import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pdf417 } from '@berbix-capture/testing/card-images';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The capture package ships the `@zxing/library` modules its decoder uses inside `dist/` (so that
 * the library's `engines` field never reaches an install). This runs the real bundling step on the
 * decoder's modules that import the library, then reads a binary PDF417 with the copies, in Node:
 * the copies load as plain ES modules and decode exactly as the library does.
 */
const CAPTURE = join(import.meta.dirname, '..', 'packages', 'capture');
const SOURCES = [
  'decoder/engines/zxing-js.ts',
  'decoder/eci-guard.ts',
  'decoder/payload.ts',
  'decoder/reed-solomon.ts',
];
let dist = '';

beforeAll(() => {
  // Inside the package, so that the bundling step resolves the library as `dist/` would.
  mkdirSync(join(CAPTURE, '.tmp'), { recursive: true });
  dist = mkdtempSync(join(CAPTURE, '.tmp', 'zxing-bundle-'));
  for (const source of SOURCES) {
    const { outputText } = ts.transpileModule(readFileSync(join(CAPTURE, 'src', source), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
    });
    const out = join(dist, source.replace(/\.ts$/, '.js'));
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, outputText);
  }
  execFileSync('node', [join(CAPTURE, 'scripts', 'bundle-zxing.mjs'), dist], { stdio: 'pipe' });
}, 60_000);

afterAll(() => rmSync(dist, { recursive: true, force: true }));

describe('the bundled zxing modules', () => {
  it('replace every import of the library, and ship its licence and notice', () => {
    for (const source of SOURCES) {
      const text = readFileSync(join(dist, source.replace(/\.ts$/, '.js')), 'utf8');
      expect(text, source).not.toContain("'@zxing/library");
    }
    expect(readFileSync(join(dist, 'decoder', 'reed-solomon.js'), 'utf8')).toContain(
      "from '../vendor/zxing-library/esm/core/pdf417/decoder/ec/ModulusGF.js'",
    );
    const vendor = join(dist, 'vendor', 'zxing-library');
    const files = readdirSync(vendor, { recursive: true }).map(String);
    expect(files).toContain('LICENSE-zxing-library');
    expect(readFileSync(join(vendor, 'LICENSE-zxing-library'), 'utf8')).toContain('Apache License');
    const notice = readFileSync(join(vendor, 'NOTICE'), 'utf8');
    expect(notice).toContain('@zxing/library 0.23.0 (Apache-2.0)');
    expect(notice).toMatch(/Copyright \d{4} ZXing authors/);
    // Only what the decoder reaches: not the QR, Aztec or browser readers of the library's index.
    expect(files.some((file) => /qrcode|aztec|browser/i.test(file))).toBe(false);
    // Nothing of the build machine's paths.
    for (const file of files.filter((f) => f.endsWith('.js'))) {
      expect(readFileSync(join(vendor, file), 'utf8'), file).not.toMatch(/node_modules|\/work\//);
    }
  });

  it('read the exact bytes of a binary symbol in plain Node', async () => {
    const text = String.fromCharCode(...Array.from({ length: 256 }, (_, i) => i));
    const image = await pdf417(text, 3);
    const grey = new Uint8ClampedArray(image.width * image.height);
    for (let i = 0; i < grey.length; i++) grey[i] = image.data[i * 4] as number;
    // A child process: Node's own ES module loader, as a consumer's server-side import would use.
    const script = `
      const { ZxingJsDecoder } = await import(${JSON.stringify(join(dist, 'decoder', 'engines', 'zxing-js.js'))});
      const chunks = [];
      for await (const chunk of process.stdin) chunks.push(chunk);
      const grey = new Uint8ClampedArray(Buffer.concat(chunks));
      const read = await new ZxingJsDecoder().decode({ data: grey, width: ${image.width}, height: ${image.height} }, 'local');
      process.stdout.write(Buffer.from(read.bytes).toString('base64'));`;
    const out = execFileSync('node', ['--input-type=module', '-e', script], {
      input: grey,
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    // bwip-js encodes the text as UTF-8: bytes 0x80 to 0xFF arrive as two-byte sequences.
    expect(Buffer.from(out, 'base64')).toEqual(Buffer.from(new TextEncoder().encode(text)));
  });
});
