import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';

/** One image of a ZXing-layout folder and what it must read as. */
export interface CorpusImage {
  image: string;
  expectedText: string | null;
  expectedBytes: Uint8Array | null;
  /**
   * The `.txt` file's bytes as ISO-8859-1: folders whose expectations are Latin-1 bytes (an AAMVA
   * payload with control characters, as in frames-dev) compare byte for byte.
   */
  expectedLatin1: string | null;
}

export interface Corpus {
  name: string;
  dir: string;
  images: CorpusImage[];
}

const IMAGE = /^(.+)\.(png|jpe?g|webp)$/i;

/**
 * Every folder under `root` (itself included) holding images in the ZXing layout: `NN.png|jpg|webp`
 * with the expected text in `NN.txt` or bytes in `NN.bin` (`NN.metadata.txt` is not the text).
 * Images without an expectation are skipped. Named by their path relative to `root`'s parent.
 */
export function findCorpora(root: string): Corpus[] {
  const corpora: Corpus[] = [];
  const visit = (dir: string) => {
    const entries = readdirSync(dir).sort();
    const images: CorpusImage[] = [];
    for (const entry of entries) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) {
        visit(path);
        continue;
      }
      const match = IMAGE.exec(entry);
      if (!match) continue;
      const stem = join(dir, match[1] as string);
      const text = readIfExists(`${stem}.txt`);
      const bin = readIfExists(`${stem}.bin`);
      if (!text && !bin) continue;
      images.push({
        image: path,
        expectedText: text ? text.toString('utf8') : null,
        expectedBytes: bin ? new Uint8Array(bin) : null,
        expectedLatin1: text ? text.toString('latin1') : null,
      });
    }
    if (images.length > 0) corpora.push({ name: relative(join(root, '..'), dir) || basename(dir), dir, images });
  };
  visit(root);
  return corpora;
}

function readIfExists(path: string): Buffer | null {
  try {
    return readFileSync(path);
  } catch {
    return null;
  }
}
