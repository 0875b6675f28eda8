import 'reflect-metadata';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Controller, Get, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ProblemFilter } from './problem.filter';

@Controller('boom')
class BoomController {
  @Get()
  boom(): never {
    throw new Error('database handle closed at /srv/stemflow/apps/api/src/secret.ts:12');
  }

  @Get('async')
  async later(): Promise<never> {
    await Promise.resolve();
    throw new TypeError("Cannot read properties of undefined (reading 'x')");
  }
}

@Module({ controllers: [BoomController] })
class BoomModule {}

describe('an unexpected error over HTTP', () => {
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    app = await NestFactory.create(BoomModule, { logger: false });
    app.useGlobalFilters(new ProblemFilter());
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${((app.getHttpServer() as Server).address() as AddressInfo).port}`;
  });
  afterAll(() => app.close());

  it.each(['/boom', '/boom/async'])('%s is a 500 problem+json without message, stack or path', async (path) => {
    const res = await fetch(`${url}${path}`);
    const text = await res.text();
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(JSON.parse(text)).toEqual({
      type: 'urn:stemflow:problem:internal',
      title: 'Internal error',
      status: 500,
      code: 'INTERNAL',
      detail: 'internal server error; the server log has the details',
    });
    expect(text).not.toMatch(/\bat \S|secret|\.ts:\d|Cannot read/);
  });
});
