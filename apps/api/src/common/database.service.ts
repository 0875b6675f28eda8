import { join } from 'node:path';
import Database from 'better-sqlite3';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS datasets (
  id          TEXT PRIMARY KEY,
  path        TEXT NOT NULL,
  descriptor  TEXT NOT NULL,
  size        INTEGER NOT NULL,
  mtime       REAL NOT NULL,
  created_at  TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS jobs (
  id              TEXT PRIMARY KEY,
  dataset_id      TEXT NOT NULL REFERENCES datasets(id),
  analysis_id     TEXT NOT NULL,
  plugin_version  TEXT NOT NULL,
  params          TEXT NOT NULL,
  roi             BLOB,
  status          TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled', 'interrupted')),
  progress        REAL NOT NULL DEFAULT 0,
  error           TEXT,
  created_at      TEXT NOT NULL,
  started_at      TEXT,
  finished_at     TEXT,
  results         TEXT
);
CREATE INDEX IF NOT EXISTS jobs_created ON jobs (created_at);
`;

/** The SQLite store (`<home>/stemflow.db`, WAL mode): data sets opened and jobs with their results index. */
export class DatabaseService {
  readonly db: Database.Database;

  constructor(home: string) {
    this.db = new Database(join(home, 'stemflow.db'));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

export function now(): string {
  return new Date().toISOString();
}
