// The cold-start baseline: a handler that only issues a Keystone token, takes the image endpoint
// from its service catalog, fetches one page of images and returns the upstream body as is. No
// validation, no filtering, no logging library.
export async function handler(): Promise<{ statusCode: number; body: string }> {
  const tokenResponse = await fetch(`${process.env.NHN_IDENTITY_URL}/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      auth: {
        tenantId: process.env.NHN_TENANT_ID,
        passwordCredentials: {
          username: process.env.NHN_USERNAME,
          password: process.env.NHN_API_PASSWORD,
        },
      },
    }),
  });
  const { access } = (await tokenResponse.json()) as {
    access: {
      token: { id: string };
      serviceCatalog: { type: string; endpoints: { region: string; publicURL: string }[] }[];
    };
  };
  const image = access.serviceCatalog.find((entry) => entry.type === "image");
  const endpoint = image?.endpoints.find((e) => e.region === "KR1")?.publicURL ?? "";
  const list = await fetch(`${endpoint}/v2/images?limit=1000&member_status=all&visibility=all`, {
    headers: { "x-auth-token": access.token.id },
  });
  return { statusCode: 200, body: await list.text() };
}
