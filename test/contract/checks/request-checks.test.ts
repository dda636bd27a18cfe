import { beforeAll, describe, expect, it } from 'vitest';
import { ignoredAuth } from '../../../src/contract/checks/ignored-auth.js';
import { negativeDataRejection } from '../../../src/contract/checks/negative-data-rejection.js';
import { positiveDataAcceptance } from '../../../src/contract/checks/positive-data-acceptance.js';
import type { CheckContext } from '../../../src/contract/types.js';
import { SpecIndex } from '../../../src/engine/operation-index.js';
import { checkContext, exchange, OP, persError, triggerSource } from '../helpers/exchanges.js';

let ctx: CheckContext;
beforeAll(async () => {
  ctx = await checkContext();
});

const negative = { kind: 'negative' as const, description: 'invalid input: body /name: missing (required)' };
const auth = { kind: 'auth' as const, description: 'no credentials at all' };

describe('negative_data_rejection', () => {
  it('fails when an invalid request is accepted, naming the input', () => {
    const [failure] = negativeDataRejection.run(
      ctx,
      exchange({ operationId: OP.create, status: 201, body: triggerSource(), purpose: negative }),
    );
    expect(failure).toMatchObject({
      check: 'negative_data_rejection',
      problem: 'the invalid request was accepted (201)',
      input: negative.description,
    });
  });

  it('fails when it is rejected with a 4xx the operation does not document', () => {
    const [failure] = negativeDataRejection.run(
      ctx,
      exchange({ operationId: OP.create, status: 422, body: persError(422), purpose: negative }),
    );
    expect(failure.problem).toBe('the invalid request was rejected with an undocumented 422');
  });

  it.each([[400], [415]])('passes a documented %i', (status) => {
    expect(
      negativeDataRejection.run(
        ctx,
        exchange({ operationId: OP.create, status, body: persError(status), purpose: negative }),
      ),
    ).toEqual([]);
  });
});

describe('positive_data_acceptance', () => {
  it.each([[400], [422]])('fails when a valid request is rejected with %i', (status) => {
    expect(positiveDataAcceptance.run(ctx, exchange({ status, body: persError(status) }))).toEqual([
      expect.objectContaining({ check: 'positive_data_acceptance' }),
    ]);
  });

  it.each([[200], [401], [404]])('does not blame the data for a %i', (status) => {
    expect(positiveDataAcceptance.run(ctx, exchange({ status, body: persError(status) }))).toEqual([]);
  });
});

describe('ignored_auth', () => {
  it('fails when a secured operation succeeds without credentials', () => {
    const [failure] = ignoredAuth.run(ctx, exchange({ status: 200, body: [], purpose: auth }));
    expect(failure).toMatchObject({
      problem: 'the operation succeeded (200) with no credentials at all',
      expected: '401',
    });
  });

  it('fails when bad credentials get another status than 401', () => {
    expect(ignoredAuth.run(ctx, exchange({ status: 403, body: persError(403), purpose: auth }))).toEqual([
      expect.objectContaining({ problem: 'answered 403 instead of 401' }),
    ]);
  });

  it('passes a 401', () => {
    expect(ignoredAuth.run(ctx, exchange({ status: 401, body: persError(401), purpose: auth }))).toEqual([]);
  });
});

describe('checks on operations that document only refusals', () => {
  let documented: CheckContext;
  beforeAll(async () => {
    const responses = (...keys: string[]) => Object.fromEntries(keys.map((key) => [key, { description: key }]));
    documented = await checkContext({
      spec: new SpecIndex({
        openapi: '3.0.3',
        info: { title: 'refusals', version: '1' },
        paths: {
          '/pet': { put: { operationId: 'updatePet', responses: responses('400', '404', '405') } },
          '/files': { get: { operationId: 'getFiles', responses: responses('200', '403') } },
        },
      }),
    });
  });

  it('positive_data_acceptance does not blame a 400 on an operation that documents no success', () => {
    expect(
      positiveDataAcceptance.run(documented, exchange({ operationId: 'updatePet', status: 400, body: persError(400) })),
    ).toEqual([]);
  });

  it('ignored_auth takes a 403 where the operation documents 403 and not 401', () => {
    const refused = exchange({ operationId: 'getFiles', status: 403, body: persError(403), purpose: auth });
    expect(ignoredAuth.run(documented, refused)).toEqual([]);
    const succeeded = exchange({ operationId: 'getFiles', status: 200, body: [], purpose: auth });
    expect(ignoredAuth.run(documented, succeeded)).toEqual([expect.objectContaining({ expected: '401 or 403' })]);
  });
});
