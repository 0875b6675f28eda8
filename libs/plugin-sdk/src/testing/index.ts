/** Test helpers for plugin authors: in-memory data sets and a one-call UDF runner. */
export { MemoryDataSet, randomData, randomDataSet } from './memory-dataset';
export { runUdf } from './run-udf';
