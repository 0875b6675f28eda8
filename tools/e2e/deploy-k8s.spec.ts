import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/*
 * The Kubernetes deployment of docs/deploy.md, rendered as users render it (Debian's kubectl).
 * Checked on the rendered text, document by document, so no YAML library is needed.
 */
const KUBECTL = '/usr/bin/kubectl';
const dir = join(__dirname, '../../deploy/k8s');

// Skipped only when kubectl is not installed (the reason is in the suite name).
const describeIfKubectl = existsSync(KUBECTL) ? describe : describe.skip;

describeIfKubectl(`kubectl kustomize deploy/k8s (skipped when ${KUBECTL} is missing)`, () => {
  const run = spawnSync(KUBECTL, ['kustomize', dir], { encoding: 'utf8' });
  const docs = run.stdout.split(/^---$/m).map((d) => d.trim());
  const kindOf = (doc: string): string => /^kind: (\S+)$/m.exec(doc)?.[1] ?? '?';
  const find = (kind: string, name: string): string => {
    const doc = docs.find((d) => kindOf(d) === kind && new RegExp(`^  name: ${name}$`, 'm').test(d));
    if (!doc) throw new Error(`no ${kind} ${name} in the rendered deployment`);
    return doc;
  };
  const secretName = /^  name: (stemflow-secrets-\S+)$/m.exec(docs.find((d) => kindOf(d) === 'Secret') ?? '')?.[1];

  it('renders without errors', () => {
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(docs.map(kindOf).sort()).toEqual(['Deployment', 'Deployment', 'Deployment', 'Namespace', 'NetworkPolicy', 'PersistentVolumeClaim', 'PersistentVolumeClaim', 'Secret', 'Service', 'Service']);
    expect(docs.filter((d) => kindOf(d) !== 'Namespace').every((d) => /^  namespace: stemflow$/m.test(d))).toBe(true);
  });

  it('runs the host on bullmq and the workers on the same Redis, both with the shared data volume', () => {
    const host = find('Deployment', 'stemflow-host');
    const worker = find('Deployment', 'stemflow-worker');
    for (const arg of ['- serve', '- --executor=bullmq', '- --data-root=/data', '- --token=$(STEMFLOW_TOKEN)']) expect(host).toContain(arg);
    expect(worker).toContain('- worker');
    for (const doc of [host, worker]) {
      expect(doc).toContain('- --redis=redis://:$(REDIS_PASSWORD)@redis:6379');
      expect(doc).toMatch(/mountPath: \/data\n\s+name: data/);
      expect(doc).toMatch(/claimName: stemflow-data/);
    }
    expect(find('PersistentVolumeClaim', 'stemflow-data')).toContain('- ReadWriteMany');
  });

  it('keeps Redis behind a password and a network policy, with secrets from the generated Secret', () => {
    expect(secretName).toBeDefined();
    for (const name of ['stemflow-host', 'stemflow-worker', 'redis']) {
      const doc = find('Deployment', name);
      const refs = [...doc.matchAll(/secretKeyRef:\n\s+key: \S+\n\s+name: (\S+)/g)].map((m) => m[1]);
      expect(refs.length).toBeGreaterThan(0);
      expect(new Set(refs)).toEqual(new Set([secretName]));
    }
    expect(find('Deployment', 'redis')).toMatch(/- --requirepass\n\s+- \$\(REDIS_PASSWORD\)/);
    const policy = find('NetworkPolicy', 'redis-only-from-stemflow');
    expect(policy).toMatch(/podSelector:\n\s+matchLabels:\n\s+app: stemflow-redis/);
    expect(policy).toContain('app: stemflow-host');
    expect(policy).toContain('app: stemflow-worker');
  });
});
