// Shapes of what the Stemflow host sends and accepts. They mirror the HTTP/WebSocket API;
// the web app never imports host code, so these are written out here.

export interface Config {
  version: string;
  dataRoots: string[];
  samplePath: string | null;
}

export interface FileEntry {
  name: string;
  path: string;
  kind: 'file' | 'dir';
  size: number;
}

export interface FileListing {
  path: string | null;
  parent: string | null;
  entries: FileEntry[];
}

export interface ReaderParams {
  navShape?: number[];
  sigShape?: number[];
  dtype?: string;
  syncOffset?: number;
}

export interface OpenDatasetRequest {
  path: string;
  format?: string;
  params?: ReaderParams;
}

export interface Dataset {
  id: string;
  path: string;
  format: string;
  navShape: number[];
  sigShape: number[];
  dtype: string;
  frames: number;
  imageCount?: number;
  syncOffset?: number;
  metadata?: DatasetMetadata;
}

/** Physical facts the reader found in the file. */
export interface DatasetMetadata {
  sigPixelSize?: { value: [number, number]; unit: string };
  navPixelSize?: { value: [number, number]; unit: string };
  scanRotation?: number;
  cameraLength?: number;
  beamEnergy?: number;
  acquisitionTime?: string;
  exposureTime?: number;
}

/** UI hints a plugin puts under the vendor key `x-ui` of a schema node. */
export interface UiHints {
  widget?: string;
  unit?: string;
  help?: string;
  order?: number | string[];
  showIf?: Record<string, unknown>;
  overlay?: string;
}

/** A JSON Schema node as TypeBox emits it (only the parts the app looks at are named). */
export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema | JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  'x-ui'?: UiHints;
  [keyword: string]: unknown;
}

export interface PluginInfo {
  id: string;
  title: string;
  description: string;
  version: string;
  paramsSchema: JsonSchema;
  defaults: Record<string, unknown>;
  /** Set when the plugin's data-set-aware defaults failed: `defaults` are then the schema's own. */
  defaultsError?: string;
}

export type JobStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled' | 'interrupted';

/** `kind` is not promised by the API; when present it settles nav/sig ambiguity. */
export interface ResultMeta {
  name: string;
  shape: number[];
  dtype: string;
  kind?: 'nav' | 'sig' | 'single';
}

export interface Job {
  id: string;
  datasetId: string;
  analysisId: string;
  params: Record<string, unknown>;
  status: JobStatus;
  progress: number;
  results: ResultMeta[];
  error?: string;
}

export interface ProgressEvent {
  type: 'progress';
  jobId: string;
  status: JobStatus;
  progress: number;
  framesDone?: number;
  framesTotal?: number;
}

export interface StatusEvent {
  type: 'status';
  jobId: string;
  status: JobStatus;
  error?: string;
}

export interface ResultHeader {
  type: 'result';
  jobId: string;
  name: string;
  shape: number[];
  final: boolean;
  seq: number;
  kind?: ResultMeta['kind'];
}

export interface ResultEvent {
  type: 'result';
  header: ResultHeader;
  data: Float32Array;
}

export type ServerEvent = ProgressEvent | StatusEvent | ResultEvent;
