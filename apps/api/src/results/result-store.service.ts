import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { encodeNpy, readNpyArray, type Provenance } from '@stemflow/engine';
import { dtypeOf, StemflowError, type BufferKind, type NDArray } from '@stemflow/plugin-sdk';
import { DatabaseService } from '../common/database.service';
import { SERVER_CONFIG, type ServerConfig } from '../common/server-config';

/** One stored result of a job, as listed in the job's `results` column. */
export interface ResultInfo {
  name: string;
  shape: number[];
  dtype: string;
  /** nav: one value (or small array) per scan position; sig: frame-shaped; single: neither. Absent if ambiguous. */
  kind?: BufferKind;
}

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Final results as NumPy files, `<home>/results/<jobId>/<name>.npy`, indexed in the jobs table. */
@Injectable()
export class ResultStoreService {
  constructor(
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
    private readonly store: DatabaseService,
  ) {}

  /** Write every result of a finished job; returns the index to store with the job. */
  write(jobId: string, results: Record<string, NDArray>, kinds: Record<string, BufferKind | undefined> = {}, provenance?: Provenance): ResultInfo[] {
    const dir = this.dirOf(jobId);
    const staging = `${dir}.partial`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    if (provenance) writeFileSync(join(staging, 'provenance.json'), `${JSON.stringify(provenance, null, 2)}\n`);
    const index: ResultInfo[] = [];
    for (const [name, array] of Object.entries(results)) {
      if (!SAFE_NAME.test(name)) {
        throw new StemflowError('PLUGIN_INVALID', `result name "${name}" cannot be a file name: use letters, digits, "_", "-" and "." only`);
      }
      writeFileSync(join(staging, `${name}.npy`), encodeNpy(array));
      const kind = kinds[name];
      index.push({ name, shape: [...array.shape], dtype: dtypeOf(array.data), ...(kind ? { kind } : {}) });
    }
    rmSync(dir, { recursive: true, force: true });
    renameSync(staging, dir);
    return index;
  }

  /** The stored results of a job (empty until it is done); NOT_FOUND for an unknown job. */
  index(jobId: string): { status: string; results: ResultInfo[] } {
    const row = this.store.db.prepare('SELECT status, results FROM jobs WHERE id = ?').get(jobId) as { status: string; results: string | null } | undefined;
    if (!row) throw new StemflowError('NOT_FOUND', `no job with id "${jobId}"`);
    return { status: row.status, results: row.results ? (JSON.parse(row.results) as ResultInfo[]) : [] };
  }

  /** The `.npy` file of one result; NOT_FOUND if the job has no result of that name. */
  fileOf(jobId: string, name: string): string {
    const { status, results } = this.index(jobId);
    if (!results.some((r) => r.name === name)) {
      const detail =
        status === 'done'
          ? `job ${jobId} has no result "${name}"; its results are ${results.map((r) => r.name).join(', ') || 'none'}`
          : `job ${jobId} has no stored results (it is ${status}); results are written when a job is done`;
      throw new StemflowError('NOT_FOUND', detail);
    }
    const file = join(this.dirOf(jobId), `${name}.npy`);
    if (!existsSync(file)) throw new StemflowError('NOT_FOUND', `the result file of "${name}" is missing from ${this.config.resultsDir}`);
    return file;
  }

  provenance(jobId: string): Provenance {
    const { status } = this.index(jobId);
    const file = join(this.dirOf(jobId), 'provenance.json');
    if (!existsSync(file)) throw new StemflowError('NOT_FOUND', `job ${jobId} has no provenance record (it is ${status}); it is written with the results`);
    return JSON.parse(readFileSync(file, 'utf8')) as Provenance;
  }

  /** The provenance record of a job, or undefined when it has none (not done, or stored before provenance existed). */
  provenanceIfAny(jobId: string): Provenance | undefined {
    const file = join(this.dirOf(jobId), 'provenance.json');
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Provenance) : undefined;
  }

  /** Delete every stored file of a job (results, provenance, a staging folder left by a crash). */
  remove(jobId: string): void {
    if (!JOB_ID.test(jobId)) return; // such an id never had files
    const dir = this.dirOf(jobId);
    rmSync(dir, { recursive: true, force: true });
    rmSync(`${dir}.partial`, { recursive: true, force: true });
  }

  read(jobId: string, name: string): NDArray {
    return readNpyArray(this.fileOf(jobId, name));
  }

  private dirOf(jobId: string): string {
    if (!JOB_ID.test(jobId)) throw new StemflowError('NOT_FOUND', `no job with id "${jobId}"`);
    return join(this.config.resultsDir, jobId);
  }
}
