// The cold-start baseline: a handler that only issues a v1 token, fetches the image list and
// returns the upstream body as is. No validation, no filtering, no logging library.
export async function handler(): Promise<{ statusCode: number; body: string }> {
  const base = process.env.NHN_COMPUTE_URL ?? "";
  const appkey = process.env.NHN_APPKEY ?? "";
  const tokenResponse = await fetch(`${base}/v1.0/appkeys/${appkey}/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      auth: { username: process.env.NHN_USERNAME, password: process.env.NHN_API_PASSWORD },
    }),
  });
  const { token } = (await tokenResponse.json()) as { token: { id: string } };
  const list = await fetch(`${base}/v1.0/appkeys/${appkey}/images?limit=1000`, {
    headers: { "x-auth-token": token.id },
  });
  return { statusCode: 200, body: await list.text() };
}
