/**
 * The projects, users and keys of the simulated NHN Cloud. Ids are NHN's own example values,
 * so the simulator's answers look like the documents' (each is cited where it is used).
 */

/** A project (Keystone tenant). NHN's tenant ids are 32 hex digits. */
export interface SimulatedProject {
  readonly id: string;
  /** The tenant's `name` in Keystone's answer. */
  readonly name: string;
}

/**
 * The demo project: the tenant id of the Keystone examples (TOAST-Cloud
 * `ko/public-api/iaas-token.md`). Its name, `demo-tenant`, is also accepted as its tenant id,
 * the simulator's documented demo login (DESIGN.md).
 */
export const DEMO_PROJECT: SimulatedProject = {
  id: "f5073eaa26b64cffbee89411df94ce01",
  name: "demo-tenant",
};

/**
 * A second project of the demo user that shares images with the demo project: the member id of
 * the image-sharing examples (Compute-Image `ko/public-api.md`, "멤버 추가").
 */
export const PARTNER_PROJECT: SimulatedProject = {
  id: "8989447062e04a818baf9e073fd04fa7",
  name: "partner-tenant",
};

/** The owner of NHN's public images: the `owner` of the image list example (Compute-Image). */
export const NHN_PUBLIC_OWNER = "c289b99209ca4e189095cdecebbd092d";

/** The Keystone user of the demo login: the user id of the token example. */
export const DEMO_USER_ID = "436f727b7c9142f896ddd56be591dd7f";

/** The logins the simulator accepts; anything else is refused the way NHN refuses it. */
export interface SimulatorCredentials {
  /** v1 appkey. */
  readonly appkey: string;
  /** v1: NHN's User Access Key ID and Secret Access Key. */
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** v2: the NHN Cloud ID (e-mail) and API password, valid in both projects. */
  readonly username: string;
  readonly password: string;
}

export const DEMO_CREDENTIALS: SimulatorCredentials = {
  appkey: "demo-appkey",
  accessKeyId: "demo-access-key",
  secretAccessKey: "demo-secret-key",
  username: "demo@example.com",
  password: "demo-password",
};

export const SIMULATED_PROJECTS: readonly SimulatedProject[] = [DEMO_PROJECT, PARTNER_PROJECT];

/** The project a Keystone `tenantId` names: its id, or the demo project's documented name. */
export function projectOf(tenantId: unknown): SimulatedProject | null {
  return SIMULATED_PROJECTS.find((p) => p.id === tenantId || p.name === tenantId) ?? null;
}
