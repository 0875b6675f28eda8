/** @stemflow/api — the Stemflow host (NestJS REST + WebSocket, SQLite store). */
export { startServer, type RunningServer, type ServerOptions } from './server';
export { decodeResultMessage, encodeResultMessage, type ResultHeader } from './jobs/result-message';
