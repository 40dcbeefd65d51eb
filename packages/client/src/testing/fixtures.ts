import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Test data shared with the whole project: the back of a specimen California licence (a real JPEG,
 * 1350x1072) and its AAMVA payload, from `shared/pdf417/dl-specimen` beside the repository. The
 * sandbox reads the barcode from it, so an upload loop can reach `done` with real bytes.
 */
const SPECIMEN_DIR = fileURLToPath(new URL('../../../../../shared/pdf417/dl-specimen/', import.meta.url));

function load(name: string): Buffer {
  const path = `${SPECIMEN_DIR}${name}`;
  if (!existsSync(path)) {
    throw new Error(`test data missing: ${path} (shared/ must sit beside the repository, as in CI)`);
  }
  return readFileSync(path);
}

export const specimenJpeg = (): Buffer => load('reverse_side_sample.jpg');
export const specimenPayload = (): Buffer => load('reverse_side_sample.txt');
