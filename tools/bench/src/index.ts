export * from './bench';
export * from './compression';
