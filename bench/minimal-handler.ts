// The cold-start baseline: a handler that only issues a Keystone token, takes the image endpoint
// from its service catalog, fetches every page of images (Glance's `next`) and returns the
// upstream bodies as they are. No validation, no filtering, no logging library.
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
  const pages: string[] = [];
  let next: string | undefined = "/v2/images?limit=1000&member_status=all&visibility=all";
  while (next !== undefined) {
    const page = await fetch(`${endpoint}${next}`, {
      headers: { "x-auth-token": access.token.id },
    });
    const body = await page.text();
    pages.push(body);
    next = (JSON.parse(body) as { next?: string }).next;
  }
  return { statusCode: 200, body: `[${pages.join(",")}]` };
}
