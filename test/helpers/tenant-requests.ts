/** A tenant as a client presents it: its project key for reads, its JWT for writes, as PERS asks. */
export interface TenantKeys {
  projectKey: string;
  jwt: string;
}

/** One request to a running server as `tenant`, with the body parsed when there is one. */
export async function callAs(baseUrl: string, method: string, path: string, tenant: TenantKeys, body?: object) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(method === 'GET' ? { 'x-project-key': tenant.projectKey } : { authorization: `Bearer ${tenant.jwt}` }),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/**
 * The create a write storm sends while the server is stopped or killed: its status and id when it
 * is answered, undefined when the connection is closed unanswered (the server had not read it yet).
 */
export function createInFlight(baseUrl: string, jwt: string, i: number) {
  return fetch(`${baseUrl}/trigger-sources`, {
    method: 'POST',
    headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'QR_CODE', name: `In flight ${i}` }),
  }).then(
    async (r) => ({ status: r.status, id: ((await r.json()) as { id: string }).id }),
    () => undefined,
  );
}
