/**
 * A Keystone v2 token for `tenantId`, issued at `identityUrl` (ending in `/v2.0`) as NHN's API
 * preparation guide asks for one: for requests a test sends itself, as the client would.
 */
export async function keystoneToken(
  identityUrl: string,
  tenantId: string,
  login: { readonly username: string; readonly password: string },
): Promise<string> {
  const response = await fetch(`${identityUrl}/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ auth: { tenantId, passwordCredentials: login } }),
  });
  if (!response.ok) throw new Error(`Keystone answered ${response.status}`);
  return ((await response.json()) as { access: { token: { id: string } } }).access.token.id;
}
