import { statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { StemflowError } from '@stemflow/plugin-sdk';
import { acquisitionChain, inspectMibFile, resolveListedFiles, siblingMibFiles, tryHeader, type MibFile } from './mib-files';
import { mibGeometry, type MibGeometry } from './mib-geometry';
import { readHdr } from './mib-hdr';
import { readMibHeader, sameGeometry, type MibHeader } from './mib-header';

/** Everything `describe` learns from the files of one Merlin acquisition. */
export interface MibAcquisition {
  files: MibFile[];
  geometry: MibGeometry;
  /** The `.hdr` lines, when the path was one or one lies beside the `.mib` files. */
  hdr?: Record<string, string>;
  /** Why a `.hdr` beside the `.mib` files was ignored. */
  hdrProblem?: string;
}

export interface MibOptions {
  /** The `.mib` files of the acquisition in frame order (default: found beside the path). */
  files?: unknown;
  /** Read only the given `.mib` file, even if others of the same acquisition lie beside it. */
  singleFile?: boolean;
}

/** Collect the files, their geometry and the `.hdr` of the acquisition that `path` names. */
export function readAcquisition(path: string, viaHdr: boolean, options: MibOptions): MibAcquisition {
  const primary = options.files !== undefined ? undefined : viaHdr ? firstFileOfHdr(path) : readMibHeaderOf(path);
  const files = options.files !== undefined ? listedFiles(path, options.files) : filesAround(primary!, options.singleFile === true);
  const geometry = mibGeometry(files[0]!.header, files[0]!.path);
  if (viaHdr) return { files, geometry, hdr: readHdr(path) };
  return { files, geometry, ...companionHdr(path) };
}

function readMibHeaderOf(path: string): { path: string; header: MibHeader } {
  return { path, header: readMibHeader(path) };
}

/** For a `.hdr` path: the `.mib` file holding the acquisition's first frame. */
function firstFileOfHdr(hdrPath: string): { path: string; header: MibHeader } {
  const candidates = siblingMibFiles(hdrPath);
  if (candidates.length === 0) {
    const stem = basename(hdrPath, extname(hdrPath));
    throw new StemflowError('NOT_FOUND', `no .mib file found for ${hdrPath}: expected ${stem}.mib or ${stem}<number>.mib in the same folder`);
  }
  const readable = candidates.map((path) => ({ path, header: tryHeader(path) })).filter((c): c is { path: string; header: MibHeader } => c.header !== undefined);
  // None readable: report the first file's own problem.
  if (readable.length === 0) return readMibHeaderOf(candidates[0]!);
  return readable.reduce((a, b) => (b.header.sequence < a.header.sequence ? b : a));
}

function filesAround(primary: { path: string; header: MibHeader }, singleFile: boolean): MibFile[] {
  const geometry = mibGeometry(primary.header, primary.path);
  const first = inspectMibFile(primary.path, primary.header, geometry.frameBytes);
  if (singleFile) return [first];
  const siblings: MibFile[] = [];
  for (const path of siblingMibFiles(primary.path)) {
    if (path === primary.path) continue;
    const header = tryHeader(path);
    if (!header || !sameGeometry(header, primary.header)) continue;
    try {
      siblings.push(inspectMibFile(path, header, geometry.frameBytes));
    } catch (error) {
      if (!(error instanceof StemflowError)) throw error;
    }
  }
  return acquisitionChain(first, siblings);
}

function listedFiles(path: string, files: unknown): MibFile[] {
  const paths = resolveListedFiles(path, files);
  const first = readMibHeader(paths[0]!);
  const frameBytes = mibGeometry(first, paths[0]!).frameBytes;
  return paths.map((p, i) => {
    const header = i === 0 ? first : readMibHeader(p);
    if (!sameGeometry(header, first)) {
      throw new StemflowError('SHAPE_MISMATCH', `${p} has ${header.width}×${header.height} ${header.pixelType} frames, unlike ${paths[0]} (${first.width}×${first.height} ${first.pixelType}): params.files must list one acquisition`);
    }
    return inspectMibFile(p, header, frameBytes);
  });
}

/** The `.hdr` beside a `.mib` file (`scan.hdr` for `scan.mib` or `scan12.mib`); problems only noted. */
function companionHdr(mibPath: string): { hdr?: Record<string, string>; hdrProblem?: string } {
  const stem = basename(mibPath, extname(mibPath));
  const names = [stem, stem.replace(/\d+$/, ''), stem.replace(/\d+$/, '').replace(/[_-]$/, '')];
  const hdrPath = [...new Set(names)].map((n) => join(dirname(mibPath), `${n}.hdr`)).find(isFile);
  if (!hdrPath) return {};
  try {
    return { hdr: readHdr(hdrPath) };
  } catch (error) {
    if (error instanceof StemflowError) return { hdrProblem: error.message };
    throw error;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
