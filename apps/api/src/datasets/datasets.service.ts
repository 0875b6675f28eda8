import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { describeDataSet, openDataSet, type DatasetDescriptor, type DatasetMetadata, type OpenRequest } from '@stemflow/engine';
import { allocArray, product, StemflowError, type DatasetInfo, type NDArray } from '@stemflow/plugin-sdk';
import { DatabaseService, now } from '../common/database.service';
import { DataRootsService } from './data-roots.service';

export interface DatasetView {
  id: string;
  path: string;
  format: string;
  navShape: number[];
  sigShape: number[];
  dtype: string;
  frames: number;
  /** Frames in the file(s), when the reader knows (may differ from `frames` with syncOffset). */
  imageCount?: number;
  syncOffset?: number;
  /** Physical facts the reader found (pixel sizes, beam energy, …). */
  metadata?: DatasetMetadata;
  size: number;
  createdAt: string;
}

export interface DatasetRecord extends DatasetView {
  descriptor: DatasetDescriptor;
}

interface DatasetRow {
  id: string;
  path: string;
  descriptor: string;
  size: number;
  mtime: number;
  created_at: string;
}

/** Reader parameters a client may give when the file does not say (raw files) or to override. */
export interface OpenParams {
  navShape?: number[];
  sigShape?: number[];
  dtype?: OpenRequest['dtype'];
  byteOrder?: OpenRequest['byteOrder'];
  offset?: number;
  syncOffset?: number;
  reader?: Record<string, unknown>;
}

/** Data sets the user opened: described by a format reader, size-checked, remembered in SQLite. */
@Injectable()
export class DatasetsService {
  constructor(
    private readonly store: DatabaseService,
    private readonly roots: DataRootsService,
  ) {}

  open(path: string, format?: string, params: OpenParams = {}): DatasetView {
    const real = this.roots.confine(path);
    const { reader, ...shape } = params;
    const request: OpenRequest = { path: real, ...(format ? { format } : {}), ...shape, ...(reader ? { params: this.confineReaderFiles(real, reader) } : {}) };
    const descriptor = describeDataSet(request);
    openDataSet(descriptor).close(); // checks the file holds every frame
    const stat = statSync(real);
    const row: DatasetRow = {
      id: randomUUID(),
      path: real,
      descriptor: JSON.stringify(descriptor),
      size: stat.size,
      mtime: stat.mtimeMs,
      created_at: now(),
    };
    this.store.db
      .prepare('INSERT INTO datasets (id, path, descriptor, size, mtime, created_at) VALUES (@id, @path, @descriptor, @size, @mtime, @created_at)')
      .run(row);
    return toView(row);
  }

  /** Companion files named in reader options (raw `files`) must lie under a data root too. */
  private confineReaderFiles(path: string, reader: Record<string, unknown>): Record<string, unknown> {
    if (!Array.isArray(reader.files)) return reader;
    const files = reader.files.map((f) => this.roots.confine(isAbsolute(String(f)) ? String(f) : join(dirname(path), String(f))));
    return { ...reader, files };
  }

  list(): DatasetView[] {
    const rows = this.store.db.prepare('SELECT * FROM datasets ORDER BY created_at DESC, rowid DESC').all() as DatasetRow[];
    return rows.map(toView);
  }

  get(id: string): DatasetRecord {
    const row = this.store.db.prepare('SELECT * FROM datasets WHERE id = ?').get(id) as DatasetRow | undefined;
    if (!row) throw new StemflowError('NOT_FOUND', `no data set with id "${id}"; open it first with POST /api/datasets`);
    return { ...toView(row), descriptor: JSON.parse(row.descriptor) as DatasetDescriptor };
  }

  /** What a plugin may know about the data set (for defaults and parameter checks). */
  info(id: string): DatasetInfo {
    const { navShape, sigShape, descriptor, frames } = this.get(id);
    return { navShape, sigShape, dtype: descriptor.dtype, frames };
  }

  /** One frame, in the data set's dtype, shaped like sig. */
  readFrame(id: string, index: number): NDArray {
    const { descriptor, frames } = this.get(id);
    if (!Number.isInteger(index) || index < 0 || index >= frames) {
      throw new StemflowError('NOT_FOUND', `frame ${index} does not exist: the data set has frames 0 to ${frames - 1}`);
    }
    const sigShape = descriptor.sigShape;
    const data = allocArray(descriptor.dtype, product(sigShape));
    const rows = product(sigShape.slice(0, -1));
    const source = openDataSet(descriptor);
    try {
      source.readFrames(index, 1, 0, rows, data);
    } finally {
      source.close();
    }
    return { data, shape: [...sigShape] };
  }
}

function toView(row: DatasetRow): DatasetView {
  const d = JSON.parse(row.descriptor) as DatasetDescriptor;
  return {
    id: row.id,
    path: row.path,
    format: d.format,
    navShape: d.navShape,
    sigShape: d.sigShape,
    dtype: d.dtype,
    frames: product(d.navShape),
    ...(d.imageCount !== undefined ? { imageCount: d.imageCount } : {}),
    ...(d.syncOffset ? { syncOffset: d.syncOffset } : {}),
    ...(d.metadata ? { metadata: d.metadata } : {}),
    size: row.size,
    createdAt: row.created_at,
  };
}
