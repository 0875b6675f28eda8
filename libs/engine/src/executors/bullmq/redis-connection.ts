import { StemflowError } from '@stemflow/plugin-sdk';
import type { Redis, RedisOptions } from 'ioredis';

/** The URL without a password, for messages and logs. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}

/**
 * An ioredis client for BullMQ (which requires `maxRetriesPerRequest: null`). It reconnects
 * forever with a capped backoff; callers detect an outage themselves (`waitForRedis`, watchdogs).
 */
export function connectRedis(url: string, options: RedisOptions = {}): Redis {
  if (!/^rediss?:\/\//.test(url)) throw new StemflowError('PARAMS_INVALID', `--redis ${url} is not a Redis URL: write it like redis://127.0.0.1:6379`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, like BullMQ
  const { Redis: RedisClient } = require('ioredis') as typeof import('ioredis');
  const client = new RedisClient(url, {
    maxRetriesPerRequest: null,
    connectTimeout: 3000,
    retryStrategy: (times) => Math.min(200 * times, 2000),
    ...options,
  });
  client.on('error', () => undefined); // reported through status checks, not as unhandled events
  return client;
}

/** Resolves once Redis answers PING; a clear StemflowError after `timeoutMs` instead of a hang. */
export async function waitForRedis(client: Redis, url: string, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new StemflowError('INTERNAL', `cannot reach Redis at ${safeUrl(url)} (no answer within ${(timeoutMs / 1000).toFixed(0)} s): start redis-server or check --redis`)),
      timeoutMs,
    );
  });
  try {
    await Promise.race([client.ping(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
