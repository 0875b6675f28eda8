/** @stemflow/plugin-sdk — everything a Stemflow plugin imports. */
export { Type, type Static, type TSchema } from 'typebox';
export * from './dtype';
export * from './errors';
export * from './plugin';
export { resolveParams } from './params';
export * from './npy';
export * from './masks';
export * from './masks-data';
export * from './masks-geometry';
export * from './kernels';
export * from './runner';
export * from './fft';
