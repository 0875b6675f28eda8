import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { StemflowError } from '@stemflow/plugin-sdk';

const BLOCK = 512;

/**
 * The package.json inside an npm package tarball (`npm pack` output: a gzipped tar whose one
 * top folder, usually `package/`, holds package.json), read before anything is installed.
 */
export function readTarballManifest(file: string): Record<string, unknown> {
  let tar: Buffer;
  try {
    tar = gunzipSync(readFileSync(file));
  } catch (error) {
    throw new StemflowError('PLUGIN_INVALID', `${file} is not a package tarball (a .tgz from "npm pack"): ${(error as Error).message}`, { cause: error });
  }
  for (let at = 0; at + BLOCK <= tar.length; ) {
    const header = tar.subarray(at, at + BLOCK);
    if (header.every((b) => b === 0)) break; // end of archive
    const name = text(header, 345, 155) ? `${text(header, 345, 155)}/${text(header, 0, 100)}` : text(header, 0, 100);
    const size = parseInt(text(header, 124, 12) || '0', 8);
    const type = String.fromCharCode(header[156] ?? 0);
    const body = at + BLOCK;
    if ((type === '0' || type === '\0') && /^[^/]+\/package\.json$/.test(name)) {
      try {
        return JSON.parse(tar.subarray(body, body + size).toString('utf8')) as Record<string, unknown>;
      } catch (error) {
        throw new StemflowError('PLUGIN_INVALID', `${file}: its package.json is not valid JSON (${(error as Error).message})`, { cause: error });
      }
    }
    at = body + Math.ceil(size / BLOCK) * BLOCK;
  }
  throw new StemflowError('PLUGIN_INVALID', `${file} has no package.json: make the tarball with "npm pack" in the plugin's folder`);
}

/** A NUL-terminated ASCII field of a tar header. */
function text(header: Buffer, offset: number, length: number): string {
  const field = header.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return field.subarray(0, end < 0 ? length : end).toString('utf8').trim();
}
