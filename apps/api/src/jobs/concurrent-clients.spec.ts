import type { RunningServer } from '../server';
import { call, EventsClient, makeEnv, openCube, ringReference, start, waitForJob, type TestEnv, type WsMessage } from '../testing/api-test-env.fixture';

/**
 * Several browser tabs at once: two clients, each on its own WebSocket, start different jobs at
 * the same moment on the thread pool. Each receives events only for the job it subscribed to,
 * and each job's results are its own (checked against float64 references).
 */
const RINGS = [
  { cx: 8, cy: 8, ri: 2, ro: 6 },
  { cx: 5, cy: 9, ri: 0, ro: 3 },
];

let env: TestEnv;
let server: RunningServer;

beforeAll(async () => {
  env = makeEnv();
  server = await start(env, { executor: 'threads', workers: 2 });
});

afterAll(async () => {
  await server.close();
  env.cleanup();
});

it('two clients running jobs at once each get exactly their own events and results', async () => {
  const datasetId = await openCube(server, env);
  const clients = await Promise.all(RINGS.map(() => EventsClient.connect(server)));
  try {
    const created = await Promise.all(RINGS.map((ring) => call(server, 'POST', '/api/jobs', { datasetId, analysisId: 'test-ring', params: { ...ring, delayMs: 5 } })));
    const ids = created.map((reply) => reply.body.id as string);
    expect(new Set(ids).size).toBe(2);
    clients.forEach((client, k) => client.send({ type: 'subscribe', jobId: ids[k] }));
    await Promise.all(ids.map((id) => waitForJob(server, id)));
    for (let k = 0; k < RINGS.length; k++) {
      const client = clients[k]!;
      await client.waitFor((m: WsMessage) => m.kind === 'text' && m.data.type === 'status' && m.data.jobId === ids[k] && m.data.status === 'done');
      // Nothing about the other tab's job arrives on this socket.
      const jobIds = new Set(client.messages.map((m) => (m.kind === 'text' ? m.data.jobId : m.header.jobId)).filter(Boolean));
      expect([...jobIds]).toEqual([ids[k]]);
      const final = client.messages.find((m): m is Extract<WsMessage, { kind: 'result' }> => m.kind === 'result' && m.header.final && m.header.name === 'intensity');
      const want = ringReference(env.cube, RINGS[k]!);
      expect(final!.data.length).toBe(want.length);
      want.forEach((w, i) => expect(Math.abs(final!.data[i]! - w)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(w))));
    }
  } finally {
    clients.forEach((client) => client.close());
  }
});
