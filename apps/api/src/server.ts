import 'reflect-metadata';
import { existsSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Executor } from '@stemflow/engine';
import { StemflowError } from '@stemflow/plugin-sdk';
import { AppModule } from './app.module';
import { EXECUTOR } from './common/common.module';
import { DatabaseService } from './common/database.service';
import { hostOriginGuard } from './common/host-origin-guard';
import { ProblemFilter } from './common/problem.filter';
import { resolveConfig, type ServerOptions } from './common/server-config';
import { tokenAuth } from './common/token-auth';
import { EventsGateway } from './jobs/events.gateway';
import { JobsService } from './jobs/jobs.service';

export type { ServerOptions } from './common/server-config';

export interface RunningServer {
  /** `http://host:port` (open `${url}/?token=${token}` in a browser). */
  url: string;
  port: number;
  token: string;
  /** Stop: running jobs are aborted and marked interrupted, sockets closed, the database closed. */
  close(): Promise<void>;
}

/** Start the Stemflow host: REST under /api, WebSocket /api/events, the web app at '/'. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const config = resolveConfig(options);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    logger: options.logger ?? ['warn', 'error', 'fatal'],
    abortOnError: false,
  });
  app.disable('x-powered-by');
  app.set('etag', false);
  // Order matters: Host and Origin (DNS rebinding, other web pages) on every request, then the
  // token on all of /api, both before any body is read.
  app.use(hostOriginGuard(config));
  app.use('/api', tokenAuth(config.token));
  app.useBodyParser('json', { limit: config.maxBodyBytes });
  app.setGlobalPrefix('api');
  app.useGlobalFilters(new ProblemFilter({ maxBodyBytes: config.maxBodyBytes }));
  if (config.webRoot) serveWebApp(app, config.webRoot);

  try {
    await app.init();
    const server = app.getHttpServer() as Server;
    app.get(EventsGateway).attach(server);
    await app.listen(config.port, config.host);
  } catch (error) {
    await closeQuietly(app);
    await app.get<Executor>(EXECUTOR).close();
    app.get(DatabaseService).close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new StemflowError('PARAMS_INVALID', `port ${config.port} on ${config.host} is in use: stop the other server or pass another --port (0 picks a free one)`, { cause: error });
    if (code === 'EADDRNOTAVAIL' || code === 'EACCES') throw new StemflowError('PARAMS_INVALID', `cannot listen on ${config.host}:${config.port} (${code}): check --host and --port`, { cause: error });
    throw error;
  }

  const server = app.getHttpServer() as Server;
  const port = (server.address() as AddressInfo).port;
  const url = `http://${urlHost(config.host)}:${port}`;
  new Logger('Stemflow').log(`listening on ${url} (executor: ${config.executor}, data roots: ${config.dataRoots.join(', ') || 'none'})`);

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      await app.get(JobsService).shutdown();
      await app.get(EventsGateway).close();
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), 2000).unref();
      await closeQuietly(app);
      clearTimeout(timer);
      await app.get<Executor>(EXECUTOR).close();
      app.get(DatabaseService).close();
    })());

  return { url, port, token: config.token, close };
}

/** The built web app: static files, and index.html for client-side routes (no token: the page URL carries it). */
function serveWebApp(app: NestExpressApplication, webRoot: string): void {
  app.useStaticAssets(webRoot, { index: 'index.html', fallthrough: true });
  const index = join(webRoot, 'index.html');
  app.use((req: IncomingMessage & { path?: string }, res: ServerResponse & { sendFile?: (p: string) => void }, next: () => void) => {
    const path = req.path ?? new URL(req.url ?? '/', 'http://localhost').pathname;
    const wantsPage = (req.method === 'GET' || req.method === 'HEAD') && !path.startsWith('/api') && !/\.[a-z0-9]+$/i.test(path);
    if (wantsPage && existsSync(index) && res.sendFile) return res.sendFile(index);
    next();
  });
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

async function closeQuietly(app: NestExpressApplication): Promise<void> {
  try {
    await app.close();
  } catch {
    // already closed
  }
}
