/** @stemflow/engine — data sets, executors and jobs. Never imports NestJS. */
export type { ByteOrder, DatasetDescriptor, DatasetMetadata, OpenRequest } from './formats/descriptor';
export { checkFileSize, fileSize, hostByteOrder, openFile, readBytes, swapBytes } from './formats/file-io';
export { FramedSource, type DataSet, type FrameDecoder, type FrameLayout } from './formats/framed-source';
export type { FormatReader } from './formats/format-reader';
export { proposeNav, resolveNav } from './formats/nav';
export { FORMATS, describeDataSet, detectFormat, formatById, openDataSet } from './formats/registry';
export { encodeNpy, parseNpyHeader, readNpyArray, readNpyHeader, type NpyHeader } from './formats/npy';
export { discoverPlugins, readPluginPackage, type PluginPackage } from './plugins/discover';
export { loadPlugin, pluginsOfModule, type PluginRef } from './plugins/load';
export { PluginCatalog, type CatalogEntry, type CatalogProblem } from './plugins/catalog';
export type { Executor, ExecutorHandlers, ExecutorKind, JobSpec } from './executors/executor';
export { InlineExecutor } from './executors/inline-executor';
export { ThreadExecutor } from './executors/thread-executor';
export { createExecutor, type ExecutorOptions } from './executors/create-executor';
export { runJob, type JobOutcome, type JobProgress, type RunJobOptions } from './job/run-job';
export { buildProvenance, type Provenance } from './job/provenance';
export { colorize, type ColormapName, type ColorizeOptions, type Scale } from './codecs/colormap';
export { encodeColorPng } from './codecs/png';
