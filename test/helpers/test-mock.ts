import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { createMockServer, type MockConfig, type MockServer } from '../../src/mock-server.js';
import { mintDevJwt } from '../../src/auth/jwt.js';
import { createSpecValidator, type SpecValidator } from './spec-validator.js';
import { testStoreConfig } from './test-store.js';

let validator: Promise<SpecValidator> | undefined;
/** One validator for the whole test file; it only reads openapi.yaml. */
export function specValidator(): Promise<SpecValidator> {
  validator ??= createSpecValidator();
  return validator;
}

export interface TenantCredentials {
  id: string;
  projectKey: string;
  jwt: string;
}

export interface TestMock extends MockServer {
  first: TenantCredentials;
  second: TenantCredentials;
  /** `app.inject`, and every answer to a PERS operation is checked against openapi.yaml. */
  request(options: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/**
 * A fresh mock on an in-memory store (unless `db` says otherwise; in the `postgres` test project,
 * a fresh PostgreSQL schema instead), quiet, with both tenants' credentials.
 */
export async function startTestMock(config: MockConfig = {}): Promise<TestMock> {
  const mock = await createMockServer({ logLevel: 'silent', ...(await testStoreConfig(config)) });
  const spec = await specValidator();
  const credentials = await Promise.all(
    mock.tenants.all.slice(0, 2).map(async (t) => ({
      id: t.id,
      projectKey: t.projectKey,
      jwt: await mintDevJwt(t.id, config.jwtSecret),
    })),
  );
  return {
    ...mock,
    first: credentials[0],
    second: credentials[1],
    async request(options) {
      const response = await mock.app.inject(options);
      const url = typeof options.url === 'object' ? options.url.pathname : String(options.url);
      const operation = spec.operationFor(String(options.method ?? 'GET'), url);
      if (operation) {
        const problems = spec.responseProblems(
          operation.operationId,
          response.statusCode,
          response.headers,
          response.body,
        );
        expect(problems, `${options.method} ${url} → ${response.statusCode} ${response.body.slice(0, 300)}`).toEqual(
          [],
        );
      }
      return response;
    },
    close: () => mock.close(),
  };
}

export const bearer = (credentials: TenantCredentials) => ({ authorization: `Bearer ${credentials.jwt}` });
export const projectKey = (credentials: TenantCredentials) => ({ 'x-project-key': credentials.projectKey });

export const validBody = {
  type: 'QR_CODE',
  name: 'Front Door QR Code',
  description: 'QR code on the front door',
  metadata: { tokenConfig: { tokenId: '1' } },
  businessId: 'business-uuid-123',
};
