import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect, it } from 'vitest';
import { parse } from 'yaml';

const FILE = 'deploy/replicas/compose.yaml';

interface Service {
  image?: string;
  build?: string;
  environment?: Record<string, string>;
  volumes?: string[];
  depends_on?: Record<string, { condition: string }> | string[];
  healthcheck?: { test: string[] };
  ports?: string[];
}

// No compose and no registry here to run it: its structure is checked instead (docs/replicas.md).
it('runs PostgreSQL, two replicas on it (started once it is healthy) and a balancer over them', () => {
  const compose = parse(readFileSync(FILE, 'utf8'), { merge: true }) as { services: Record<string, Service> };
  const { db, balancer, ...replicas } = compose.services;
  expect(db.image).toMatch(/^postgres:/);
  expect(db.healthcheck?.test.join(' ')).toContain('pg_isready');
  expect(Object.keys(replicas)).toEqual(['replica-a', 'replica-b']);
  for (const replica of Object.values(replicas)) {
    expect(existsSync(join(dirname(FILE), replica.build!, 'Dockerfile'))).toBe(true);
    expect(replica.environment?.PERS_MOCK_STORE).toMatch(/^postgres:\/\/pers_app:[^@]+@db:5432\/pers$/);
    expect(replica.environment?.HOST).toBe('0.0.0.0');
    expect(replica.environment?.PERS_MOCK_ADMIN_TOKEN).toBeTruthy();
    expect(replica.depends_on).toEqual({ db: { condition: 'service_healthy' } });
  }
  for (const mount of [...(db.volumes ?? []), ...(balancer.volumes ?? [])].filter((v) => v.startsWith('./'))) {
    expect(existsSync(join(dirname(FILE), mount.split(':')[0])), mount).toBe(true);
  }
  const nginx = readFileSync(join(dirname(FILE), 'nginx.conf'), 'utf8');
  expect(nginx).toContain('server replica-a:4010');
  expect(nginx).toContain('server replica-b:4010');
  expect(readFileSync(join(dirname(FILE), 'init.sql'), 'utf8')).toMatch(/CREATE ROLE pers_app LOGIN/);
  expect(readFileSync(join(dirname(FILE), 'init.sql'), 'utf8')).not.toMatch(/SUPERUSER/);
});
