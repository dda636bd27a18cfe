import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { JournaledFile } from '../../src/store/journaled-file.js';
import { startCli, type CliServer } from '../helpers/cli-process.js';

/**
 * The durability promise, tested the hard way: a real server process on a file store takes
 * hundreds of concurrent creates, updates and deletes across both tenants and is SIGKILLed
 * mid-flight. After a restart on the same file, everything it acknowledged must be there.
 */

interface Credentials {
  projectKey: string;
  jwt: string;
}

/** What one chain of requests on one trigger source sent, and how far it was acknowledged. */
interface Chain {
  tenant: number;
  id?: string;
  /** The states sent, in order; `null` is a delete. */
  states: Array<{ name: string } | null>;
  acknowledged: number;
}

const CHAINS = 120;
const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

async function runAndKill(
  killAfterAcks: number,
): Promise<{ chains: Chain[]; acks: number; db: string; credentials: Credentials[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'pers-mock-crash-'));
  dirs.push(dir);
  const db = join(dir, 'db.json');
  const server = await startCli(['--db', db, '--records', '5']);
  const credentials: Credentials[] = (
    (await (await fetch(`${server.url}/__mock/credentials`)).json()) as { tenants: Credentials[] }
  ).tenants;
  const chains: Chain[] = Array.from({ length: CHAINS }, (_, i) => ({ tenant: i % 2, states: [], acknowledged: 0 }));
  let acks = 0;
  let killed = false;
  const ack = () => {
    acks++;
    if (!killed && acks >= killAfterAcks) {
      killed = true;
      server.child.kill('SIGKILL');
    }
  };
  await Promise.all(chains.map((chain, i) => drive(server, credentials[chain.tenant], chain, i, ack)));
  await server.stop('SIGKILL');
  return { chains, acks, db, credentials };
}

/** create → update → update → (every other chain) delete, each step after the last was acknowledged. */
async function drive(
  server: CliServer,
  credentials: Credentials,
  chain: Chain,
  index: number,
  ack: () => void,
): Promise<void> {
  const send = async (method: string, path: string, body?: object) => {
    try {
      const response = await fetch(`${server.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${credentials.jwt}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
      });
      return response.ok ? response : undefined;
    } catch {
      return undefined;
    }
  };
  const steps = index % 2 === 0 ? 4 : 3;
  for (let step = 0; step < steps; step++) {
    const state = step === 3 ? null : { name: `Chain ${index} step ${step}` };
    chain.states.push(state);
    const response =
      step === 0
        ? await send('POST', '/trigger-sources', { type: 'QR_CODE', ...state })
        : await send(
            state ? 'PUT' : 'DELETE',
            `/trigger-sources/${chain.id}`,
            state ? { type: 'API_WEBHOOK', ...state } : undefined,
          );
    if (!response) return;
    if (step === 0) chain.id = ((await response.json()) as { id: string }).id;
    chain.acknowledged = step + 1;
    ack();
  }
}

async function verify(run: Awaited<ReturnType<typeof runAndKill>>): Promise<void> {
  const reopened = new JournaledFile(run.db);
  const data = await reopened.read();
  expect(data, 'the store file parses').not.toBeNull();
  const ids = data!.triggerSources.map((r) => r.id);
  expect(new Set(ids).size, 'ids are unique').toBe(ids.length);

  const server = await startCli(['--db', run.db]);
  try {
    for (const chain of run.chains.filter((c) => c.acknowledged > 0)) {
      const response = await fetch(`${server.url}/trigger-sources/${chain.id}`, {
        headers: { 'x-project-key': run.credentials[chain.tenant].projectKey },
      });
      // Anything from the last acknowledged state on is allowed: later steps may have reached the disk unacknowledged.
      const allowed = chain.states.slice(chain.acknowledged - 1);
      const found = response.status === 200 ? { name: ((await response.json()) as { name: string }).name } : null;
      expect(response.status === 200 || response.status === 404).toBe(true);
      expect(allowed, `chain for ${chain.id} acknowledged ${chain.acknowledged} steps`).toContainEqual(found);
      if (chain.states[chain.acknowledged - 1] === null) expect(found).toBeNull();
    }
  } finally {
    expect(await server.stop('SIGTERM')).toBe(0);
  }
}

describe('a SIGKILL mid-flight', () => {
  it.each([25, 150, 300])('loses no acknowledged write (killed after %i acknowledgements)', async (killAfter) => {
    const run = await runAndKill(killAfter);
    expect(run.acks).toBeGreaterThanOrEqual(killAfter);
    expect(run.acks).toBeLessThan(CHAINS * 3.5);
    await verify(run);
  });
});
