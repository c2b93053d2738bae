import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { splitConcatenatedJson } from '@quell/input-limits';

/**
 * Test-only readers for the third-party corpora in ../shared/corpora (read in place, never copied):
 * evtx_dump output (JSON objects one after another) and the OTRF zip (one deflated file).
 */
export const CORPORA = join(__dirname, '../../../../../../shared/corpora');
export const REGRESSION = join(CORPORA, 'sigma/regression');
export const OTRF_ZIP = join(CORPORA, 'otrf/psh_lsass_memory_dump_comsvcs.zip');
export const LOGSOURCE_JSON = join(CORPORA, 'sigma/tests/logsource.json');

export function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return jsonFiles(path);
    return name.endsWith('.json') ? [path] : [];
  });
}

/** Concatenated JSON values (evtx_dump's output: objects one after another) → the text of each. */
export const jsonValues = splitConcatenatedJson;

/** The single file of a zip archive, through its central directory (sizes there are always set). */
export function unzipOnly(zip: Buffer): { name: string; data: Buffer } {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const central = zip.readUInt32LE(eocd + 16);
  const method = zip.readUInt16LE(central + 10);
  const compressed = zip.readUInt32LE(central + 20);
  const name = zip.toString('utf8', central + 46, central + 46 + zip.readUInt16LE(central + 28));
  const local = zip.readUInt32LE(central + 42);
  const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
  const body = zip.subarray(dataStart, dataStart + compressed);
  return { name, data: method === 0 ? body : inflateRawSync(body) };
}

/** Every event of the regression logs, as JSON text, with the file it came from. */
export function regressionEvents(): Array<{ file: string; text: string }> {
  return jsonFiles(REGRESSION)
    .sort()
    .flatMap((file) => jsonValues(readFileSync(file, 'utf8')).map((text) => ({ file, text })));
}

/** The 184 NXLog lines of the OTRF recording. */
export function otrfLines(): string[] {
  return unzipOnly(readFileSync(OTRF_ZIP))
    .data.toString('utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
}
