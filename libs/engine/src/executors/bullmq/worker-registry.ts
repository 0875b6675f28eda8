import type { Redis } from 'ioredis';
import { keys } from './keys';
import type { WorkerInfo } from './messages';

/** A worker record expires unless refreshed: a dead worker disappears from the list by itself. */
export const HEARTBEAT_TTL_S = 15;
export const HEARTBEAT_EVERY_MS = 3000;

/** Write this worker's record now and every few seconds; returns a function that stops and deletes it. */
export function startHeartbeat(redis: Redis, prefix: string, info: Omit<WorkerInfo, 'seenAt'>): () => Promise<void> {
  const key = keys.worker(prefix, info.id);
  const beat = (): Promise<unknown> => redis.set(key, JSON.stringify({ ...info, seenAt: new Date().toISOString() }), 'EX', HEARTBEAT_TTL_S).catch(() => undefined);
  void beat();
  const timer = setInterval(() => void beat(), HEARTBEAT_EVERY_MS);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await redis.del(key).catch(() => undefined);
  };
}

/** The workers whose heartbeat is current. */
export async function listWorkers(redis: Redis, prefix: string): Promise<WorkerInfo[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', keys.workersPattern(prefix), 'COUNT', 200);
    found.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  if (found.length === 0) return [];
  const values = await redis.mget(found);
  return values.flatMap((v) => (v ? [JSON.parse(v) as WorkerInfo] : [])).sort((a, b) => a.id.localeCompare(b.id));
}
