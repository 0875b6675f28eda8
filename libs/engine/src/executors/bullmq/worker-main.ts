import { startWorkerNode, type StartWorkerOptions } from './worker-node';

/**
 * A worker process entry without the CLI: `node worker-main.js '<StartWorkerOptions JSON>'`.
 * Tests fork it; it prints "ready <id>" once it takes partitions and stops on SIGTERM.
 */
async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as StartWorkerOptions;
  const node = await startWorkerNode({ ...options, log: (line) => process.stderr.write(`${line}\n`) });
  process.stdout.write(`ready ${node.id}\n`);
  process.once('SIGTERM', () => void node.close().then(() => process.exit(0)));
}

main().catch((error: unknown) => {
  process.stderr.write(`error: ${(error as Error).message}\n`);
  process.exit(1);
});
