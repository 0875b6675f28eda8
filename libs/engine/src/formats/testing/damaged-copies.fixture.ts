import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { allocArray, product, StemflowError } from '@stemflow/plugin-sdk';
import type { OpenRequest } from '../descriptor';
import { formatById, openDataSet } from '../registry';
import { repoRoot } from './kit.fixture';

/**
 * Damaged copies, fuzz style: the files of a data set are copied into a fresh folder per case,
 * one of them damaged (cut short, a byte flipped, the header zeroed, emptied, replaced by a
 * directory, or a caller's own damage), then the set is opened and every frame read. Each open
 * must either yield data (damage inside pixel data is undetectable) or a StemflowError naming the
 * file: any other exception, or a hang, fails. The cases run in a worker thread (the engine from
 * source, transformed as Jest does), one at a time: a case without an answer in time is a hang,
 * and the worker is replaced for the next one.
 */

export type Damage =
  | { kind: 'cut'; length: number } // keep the first `length` bytes (0: empty; past the end: zero-padded)
  | { kind: 'flip'; at: number } // xor 0xff (past the end: no change)
  | { kind: 'zero'; length: number } // zero the first `length` bytes
  | { kind: 'patch'; at: number; bytes: number[] }
  | { kind: 'text'; text: string } // replace the content
  | { kind: 'directory' }; // a directory of the same name instead of the file

export interface DamageCase {
  label: string;
  /** The damaged file: a name among the set's files. */
  target: string;
  damage: Damage;
  /** The file to open, when not the set's `open`. */
  open?: string;
  /** No reader can read past this: refusal required when the damaged file is the one opened. */
  mustRefuse?: boolean;
}

export interface DamageOptions {
  /** Bytes zeroed by "header zeroed"; the default cuts lie around it. */
  header: number;
  /** Positions to flip. */
  flips: number[];
  /** Lengths to cut to (default: inside, at and just past the header, half, one byte short). */
  cuts?: number[];
  /** The size that bounds cuts and flips (default: the file's). */
  size?: number;
  /** Cuts shorter than this, the empty file and the directory must be refused. */
  refuseBelow?: number;
}

/** The standard damages of one file: emptied, cut short, bytes flipped, header zeroed, a directory in its place. */
export function damages(file: string, o: DamageOptions): DamageCase[] {
  const target = basename(file);
  const size = o.size ?? statSync(file).size;
  const cuts = o.cuts ?? [1, o.header >> 1, o.header - 1, o.header, o.header + 1, o.header + 7, size >> 1, size - 1];
  const refuse = (length: number) => (o.refuseBelow !== undefined && length < o.refuseBelow ? { mustRefuse: true } : {});
  return [
    { label: 'empty file', target, damage: { kind: 'cut', length: 0 }, ...refuse(0) },
    ...unique(cuts)
      .filter((n) => n > 0 && n < size)
      .map((length): DamageCase => ({ label: `truncated to ${length} bytes`, target, damage: { kind: 'cut', length }, ...refuse(length) })),
    ...unique(o.flips)
      .filter((n) => n >= 0 && n < size)
      .map((at): DamageCase => ({ label: `byte ${at} flipped`, target, damage: { kind: 'flip', at } })),
    { label: 'header zeroed', target, damage: { kind: 'zero', length: o.header } },
    { label: 'a directory in its place', target, damage: { kind: 'directory' }, ...refuse(0) },
  ];
}

/** The integers from `from` up to (not including) `to`. */
export function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}

/** `count` positions spread evenly over [from, to). */
export function spread(from: number, to: number, count: number): number[] {
  if (to <= from) return [];
  return Array.from({ length: count }, (_, i) => from + Math.floor(((to - from) * i) / count));
}

function unique(values: number[]): number[] {
  return [...new Set(values.map((v) => Math.floor(v)))];
}

/** A data set (its file and every companion) and the damages to try on it. */
export interface DamageSet {
  /** Files copied by name into each case folder. */
  files: string[];
  /** The file to open: a name among `files`. */
  open: string;
  damages: DamageCase[];
  /** Open each case once per entry (e.g. `[{}, { format: 'mrc' }]`: detected and named); default once, plainly. */
  requests?: Omit<OpenRequest, 'path'>[];
  /** Open with this format's reader itself, not through the registry (which adds the path to messages). */
  reader?: string;
  /** What a refusal must name: the case folder (default), or the damaged or opened file itself. */
  names?: 'folder' | 'file';
  /** The longest one open and read may take (ms). */
  maxMs?: number;
  /** Read at most this many frames. */
  maxFrames?: number;
  /** Also serialise the descriptor to JSON, as a worker receives it. */
  json?: boolean;
}

/**
 * The strict form (MRC, EMPAD, SEQ, TVIPS): `damaged` gets the standard damages with cuts around
 * its header; each case is opened with the format detected and named, each open within 2 s, and
 * damage that leaves the opened file without its header must be refused.
 */
export function strictSet(o: { format: string; files: string[]; open: string; damaged: string; header: number; flips: number[] }): DamageSet {
  return { files: o.files, open: o.open, requests: [{}, { format: o.format }], maxMs: 2000, damages: damages(o.damaged, { header: o.header, flips: o.flips, refuseBelow: o.header }) };
}

export interface Outcome {
  /** The damage's label, and the request when a case is opened more than once. */
  label: string;
  damage: DamageCase;
  kind: 'data' | 'refused' | 'crash' | 'hang';
  code?: string;
  message: string;
  ms: number;
  /** The case folder, the file opened and the damaged one. */
  dir: string;
  path: string;
  target: string;
}

/** What is wrong with each outcome: a crash, a hang, a refusal not naming the file, data where refusal is required, slowness. */
export function problems(set: DamageSet, outcomes: Outcome[]): string[] {
  return outcomes.flatMap((o) => {
    const found: string[] = [];
    if (o.kind === 'crash' || o.kind === 'hang') found.push(o.message);
    const named = set.names === 'file' ? [o.path, o.target] : [o.dir];
    if (o.kind === 'refused' && !named.some((n) => o.message.includes(n))) found.push(`the message does not name ${named.join(' or ')}: ${o.message}`);
    if (o.kind === 'data' && o.damage.mustRefuse && o.target === o.path) found.push('read, but must be refused');
    if (set.maxMs !== undefined && o.ms > set.maxMs) found.push(`took ${o.ms} ms`);
    return found.map((text) => `${o.label}: ${text}`);
  });
}

// ---- the worker side ----

interface Job {
  dir: string;
  files: string[];
  damage: DamageCase;
  open: string;
  requests: Omit<OpenRequest, 'path'>[];
  reader?: string;
  maxFrames?: number;
  json?: boolean;
}

interface Result {
  kind: Outcome['kind'];
  code?: string;
  message: string;
  ms: number;
}

function damaged(bytes: Buffer, damage: Damage): Buffer | undefined {
  switch (damage.kind) {
    case 'cut': {
      const out = Buffer.alloc(damage.length);
      bytes.copy(out, 0, 0, damage.length);
      return out;
    }
    case 'flip': {
      const out = Buffer.from(bytes);
      if (damage.at < out.length) out[damage.at] = out[damage.at]! ^ 0xff;
      return out;
    }
    case 'zero':
      return Buffer.concat([Buffer.alloc(Math.min(damage.length, bytes.length)), bytes.subarray(damage.length)]);
    case 'patch': {
      const out = Buffer.alloc(Math.max(bytes.length, damage.at + damage.bytes.length));
      bytes.copy(out);
      out.set(damage.bytes, damage.at);
      return out;
    }
    case 'text':
      return Buffer.from(damage.text, 'latin1');
    case 'directory':
      return undefined;
  }
}

/** Open (through the registry or one reader), read every frame, close: how it ended. */
function attempt(request: OpenRequest, job: Job): Result {
  const started = Date.now();
  try {
    const reader = job.reader ? formatById(job.reader) : undefined;
    const ds = reader ? reader.open(reader.describe(request)) : openDataSet(request);
    try {
      const frameSize = product(ds.sigShape);
      const frame = allocArray(ds.dtype, frameSize);
      const frames = Math.min(ds.frames, job.maxFrames ?? Infinity);
      for (let f = 0; f < frames; f++) ds.readFrames(f, 1, 0, frameSize / (ds.sigShape.at(-1) ?? 1), frame);
      if (job.json) JSON.stringify(ds.descriptor);
    } finally {
      ds.close();
    }
    return { kind: 'data', message: '', ms: Date.now() - started };
  } catch (error) {
    const ms = Date.now() - started;
    if (error instanceof StemflowError) return { kind: 'refused', code: error.code, message: error.message, ms };
    const e = error as Error | undefined;
    return { kind: 'crash', message: `${e?.constructor?.name}: ${e?.message}\n${e?.stack}`, ms };
  }
}

function runJob(job: Job, source: (file: string) => Buffer): Result[] {
  mkdirSync(job.dir, { recursive: true });
  try {
    for (const file of job.files) {
      const path = join(job.dir, basename(file));
      const bytes = basename(file) === job.damage.target ? damaged(source(file), job.damage.damage) : source(file);
      if (bytes) writeFileSync(path, bytes);
      else mkdirSync(path);
    }
    return job.requests.map((r) => attempt({ ...r, path: join(job.dir, job.open) }, job));
  } finally {
    removals.push(rm(job.dir, { recursive: true, force: true })); // in the background: removing a folder waits on the disk
  }
}

const removals: Promise<void>[] = [];

function serve(): void {
  // Each source file is read once per worker (the corpus and generated sets do not change during a suite).
  const sources = new Map<string, Buffer>();
  const source = (file: string) => sources.get(file) ?? sources.set(file, readFileSync(file)).get(file)!;
  parentPort!.on('message', (message: Job | { close: true }) => {
    if ('close' in message) return void Promise.allSettled(removals).then(() => process.exit(0));
    parentPort!.postMessage({ results: runJob(message, source) });
  });
  parentPort!.postMessage({ ready: true });
}

const WORKER_KIND = 'stemflow-damaged-copies';
if (!isMainThread && workerData?.kind === WORKER_KIND) serve();

/** Loads the engine from source in the worker: Jest's swc options and module names. */
const BOOT = `
const Module = require('node:module');
const { readFileSync } = require('node:fs');
const { workerData } = require('node:worker_threads');
const config = require(workerData.root + '/jest.config.js');
const [, options] = Object.values(config.transform).find((t) => Array.isArray(t) && t[0] === '@swc/jest');
const swc = require(require.resolve('@swc/core', { paths: [workerData.root] }));
const names = Object.entries(config.moduleNameMapper).map(([from, to]) => [new RegExp(from), to.replace('<rootDir>', workerData.root)]);
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const name = names.find(([from]) => from.test(request));
  return resolveFilename.call(this, name ? request.replace(name[0], name[1]) : request, ...rest);
};
Module._extensions['.ts'] = (module, filename) => module._compile(swc.transformSync(readFileSync(filename, 'utf8'), { ...options, filename, swcrc: false }).code, filename);
require(workerData.entry);
`;

// ---- the test side ----

interface Pending {
  job: Job;
  done(results: Result[]): void;
}

/** One worker per suite, running one case at a time; replaced after a hang or a crash. */
class Runner {
  private worker?: Worker;
  private ready?: Promise<void>;
  private readonly queue: Pending[] = [];
  private current?: { pending: Pending; timer?: NodeJS.Timeout };
  private cases = 0;
  private closed = false;

  constructor(
    private readonly work: string,
    private readonly caseTimeoutMs: number,
  ) {}

  /** One case, opened once per request of its set. */
  submit(set: DamageSet, damage: DamageCase): Promise<Outcome[]> {
    if (!set.files.some((f) => basename(f) === damage.target)) throw new Error(`${damage.label}: ${damage.target} is not a file of the set`);
    const requests = set.requests ?? [{}];
    const job: Job = { dir: join(this.work, String(this.cases++)), files: set.files, damage, open: damage.open ?? set.open, requests, reader: set.reader, maxFrames: set.maxFrames, json: set.json };
    return new Promise<Result[]>((done) => {
      this.queue.push({ job, done });
      this.next();
    }).then((results) =>
      results.map((result, r) => ({
        ...result,
        label: requests.length > 1 ? `${damage.label} (format ${requests[r]!.format ?? 'detected'})` : damage.label,
        damage,
        dir: job.dir,
        path: join(job.dir, job.open),
        target: join(job.dir, damage.target),
      })),
    );
  }

  private next(): void {
    if (this.closed || this.current || this.queue.length === 0) return;
    const pending = this.queue.shift()!;
    const current: { pending: Pending; timer?: NodeJS.Timeout } = { pending };
    this.current = current;
    const worker = this.start();
    worker.ref();
    worker.postMessage(pending.job);
    // The clock starts once the worker has loaded the engine.
    void this.ready!.then(() => {
      if (this.current === current) current.timer = setTimeout(() => this.fail('hang', `no answer after ${this.caseTimeoutMs} ms`), this.caseTimeoutMs);
    });
  }

  private answer(results: Result[]): void {
    const current = this.current!;
    clearTimeout(current.timer);
    this.current = undefined;
    this.worker?.unref();
    current.pending.done(results);
    this.next();
  }

  /** The case in progress ends the worker: report it, and go on with a new worker. */
  private fail(kind: 'crash' | 'hang', message: string): void {
    const pending = this.current?.pending;
    this.stop();
    if (pending) this.answer(pending.job.requests.map(() => ({ kind, message, ms: 0 })));
  }

  private start(): Worker {
    if (!this.worker) {
      const worker = new Worker(BOOT, {
        eval: true,
        workerData: { kind: WORKER_KIND, root: repoRoot, entry: __filename },
        resourceLimits: { maxOldGenerationSizeMb: 512 },
      });
      this.ready = new Promise((resolve) => worker.once('message', () => resolve()));
      worker.on('message', (m: { results?: Result[] }) => m.results && this.answer(m.results));
      worker.on('error', (error) => this.fail('crash', `the worker died: ${error.message}`));
      worker.on('exit', (code) => this.fail('crash', `the worker exited with code ${code}`));
      worker.unref();
      this.worker = worker;
    }
    return this.worker;
  }

  private stop(): void {
    const worker = this.worker;
    this.worker = undefined;
    worker?.removeAllListeners();
    void worker?.terminate();
  }

  /** Let the worker finish removing case folders, then end it. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.current?.timer);
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    worker.removeAllListeners();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => void worker.terminate(), 10_000);
      worker.once('exit', () => (clearTimeout(timer), resolve()));
      worker.postMessage({ close: true });
    });
  }
}

export interface DamagedCopies {
  /** Every case of the set: how each open ended. */
  run(set: DamageSet): Promise<Outcome[]>;
  /** `run`, expecting no problems; the outcomes for further checks. */
  check(set: DamageSet): Promise<Outcome[]>;
  /** One test per case of every set, named `<damaged file> <damage>` (the cases run ahead of the tests). */
  itEach(sets: DamageSet[]): void;
}

/**
 * The damaged-copies harness of one suite: case folders under a temp folder and a worker thread,
 * both removed after the suite. A case without an answer after `caseTimeoutMs` is a hang.
 */
export function damagedCopies(prefix: string, caseTimeoutMs = 60_000): DamagedCopies {
  const work = mkdtempSync(join(tmpdir(), prefix));
  const runner = new Runner(work, caseTimeoutMs);
  afterAll(async () => {
    await runner.close();
    rmSync(work, { recursive: true, force: true });
  });
  const run = async (set: DamageSet) => (await Promise.all(set.damages.map((damage) => runner.submit(set, damage)))).flat();
  const check = async (set: DamageSet) => {
    const outcomes = await run(set);
    expect(problems(set, outcomes)).toEqual([]);
    return outcomes;
  };
  const itEach = (sets: DamageSet[]) => {
    const cases = sets.flatMap((set) => set.damages.map((damage) => ({ set: { ...set, damages: [damage] }, damage })));
    let outcomes: Promise<Outcome[]>[] | undefined;
    it.each(cases.map((c, i) => [`${c.damage.target} ${c.damage.label}`, i] as const))('%s', async (_label, i) => {
      outcomes ??= cases.map((c) => runner.submit(c.set, c.damage));
      expect(problems(cases[i]!.set, await outcomes[i]!)).toEqual([]);
    });
  };
  return { run, check, itEach };
}
