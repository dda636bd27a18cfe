import { redactRequest, redactResponse, type Secret } from './redaction.js';
import { toCurl } from './curl.js';
import type { CreatedResource } from './created-resources.js';
import { UNREACHABLE_CODES, type HttpClient } from './http-client.js';
import type { RunSession } from './run-session.js';
import type { ExchangeLog } from './exchange-log.js';

/** Cleanup's exchanges come after everything the run planned. */
const CLEANUP_ORDER = Number.MAX_SAFE_INTEGER;

export interface Leftover {
  operationId: string;
  id: string;
  tenant: 'primary' | 'second';
  reason: string;
  /** The delete to run by hand (secrets as `$VARIABLE`). */
  curl: string;
}

export interface CleanupReport {
  created: number;
  deleted: number;
  leftovers: Leftover[];
}

/**
 * Deletes what the run created and has not seen deleted, even after an interruption: the
 * resources of one kind side by side (as many at once as --workers allows), kinds newest first,
 * so dependants go before what they depend on. A resource is gone when its delete succeeds or
 * says it does not exist. Once the server cannot be reached, the rest are listed rather than
 * each waited for.
 */
export async function deleteCreated(
  session: RunSession,
  client: HttpClient,
  secrets: Secret[],
  log?: ExchangeLog,
): Promise<CleanupReport> {
  const remaining = session.created.remaining();
  const outcomes: Array<Leftover | 'deleted'> = [];
  let unreachable: string | undefined;
  const deleteOne = async (resource: CreatedResource, index: number): Promise<void> => {
    const { model, id, tenant } = resource;
    if (!model.delete) {
      outcomes[index] = leftover(resource, 'the document has no delete operation', '');
      return;
    }
    const request = session.build(model.delete, { auth: { as: tenant }, pathParams: { [model.idParam]: id } });
    const sent = redactRequest(request, secrets);
    const curl = toCurl(
      sent,
      secrets.map((s) => s.variable),
    );
    if (unreachable) {
      outcomes[index] = leftover(resource, unreachable, curl);
      return;
    }
    const outcome = await client.send(request, { interruptible: false });
    log?.record([CLEANUP_ORDER, index], {
      comment: `${model.delete.operationId}: cleanup: delete what the run created`,
      request: sent,
      response: outcome.response && redactResponse(outcome.response, secrets),
      transportError: outcome.transportError,
      startedAt: outcome.startedAt,
      durationMs: outcome.durationMs,
      failed: false,
    });
    const status = outcome.response?.status;
    if (status !== undefined && ((status >= 200 && status < 300) || status === 404 || status === 410)) {
      outcomes[index] = 'deleted';
      session.created.remove(model, id);
      return;
    }
    const reason =
      status !== undefined ? `the delete was answered ${status}` : (outcome.transportError?.message ?? 'no response');
    if (
      outcome.transportError?.kind === 'timeout' ||
      (outcome.transportError?.code && UNREACHABLE_CODES.has(outcome.transportError.code))
    ) {
      unreachable = `not attempted: an earlier delete got no response (${reason})`;
    }
    outcomes[index] = leftover(resource, reason, curl);
  };
  for (const model of [...new Set(remaining.map((r) => r.model))]) {
    const ofModel = remaining.flatMap((resource, index) => (resource.model === model ? [{ resource, index }] : []));
    await Promise.all(ofModel.map(({ resource, index }) => deleteOne(resource, index)));
  }
  return {
    created: session.created.total,
    deleted: outcomes.filter((o) => o === 'deleted').length,
    leftovers: outcomes.filter((o) => o !== 'deleted'),
  };
}

function leftover(resource: CreatedResource, reason: string, curl: string): Leftover {
  return {
    operationId: resource.model.delete?.operationId ?? resource.model.create.operationId,
    id: resource.id,
    tenant: resource.tenant,
    reason,
    curl,
  };
}
