export * from './bench';
export * from './compression';
export * from './distribution';
