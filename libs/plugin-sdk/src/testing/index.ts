/** Test helpers for plugin authors: in-memory data sets, the awkward-case matrix and a one-call UDF runner. */
export { MemoryDataSet, npyDataSet, randomData, randomDataSet } from './memory-dataset';
export { awkwardCases, awkwardRoi, type AwkwardCase } from './awkward-cases';
export { runUdf } from './run-udf';
export { paramErrors } from './param-errors';
export { sharedDataDir } from './shared-data';
