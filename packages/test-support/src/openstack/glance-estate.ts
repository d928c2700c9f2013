import { type Glance, startGlance } from "./glance.ts";
import { startGlanceGateway } from "./glance-gateway.ts";

/** The projects of the estate: tenant ids as NHN writes them (32 hex digits). */
export interface EstateProjects {
  /** The project the code under test lists as (NHN_TENANT_ID). */
  readonly own: string;
  /** A project that shares images with `own`. */
  readonly partner: string;
  /** A project `own` has nothing to do with, but for its community images. */
  readonly stranger?: string;
  /** The owner of public images (created by an admin). */
  readonly publisher: string;
}

/** The stranger's tenant id when the caller names none. */
const STRANGER = "0b8b7f3e2a4c4e6f8a1d2c3b4a5f6e7d";

/** One image of the estate as Glance holds it, and whether `own` can use it. */
export interface EstateImage {
  readonly id: string;
  readonly name: string;
  readonly owner: string;
  /** What `own` lists with `visibility=all&member_status=all` and the hidden images apart. */
  readonly usable: boolean;
  readonly story: string;
}

const PARALLEL_CREATES = 8;

/**
 * An estate built through Glance's own API, as several projects: `own`'s private (`bulk` of them,
 * so listings take several pages), shared, community, hidden, protected, deactivated and deleted
 * images, and two releases of one family (`image_family`); public images by an admin, two of them
 * releases of one family; `partner`'s shares to `own` left pending, accepted and
 * rejected, and a private one; `stranger`'s community and private images. Each image says
 * whether `own` can use it: what a complete listing of `own` must hold, and nothing else.
 */
export async function buildGlanceEstate(glance: Glance, given: EstateProjects, bulk: number) {
  const projects = { ...given, stranger: given.stranger ?? STRANGER };
  const images: EstateImage[] = [];
  const as = (project: string, admin = false) => glance.as({ project, admin });
  async function create(
    project: string,
    story: string,
    usable: boolean,
    fields: Record<string, unknown>,
    admin = false,
  ) {
    const image = await as(project, admin).json<{ id: string; name: string }>(
      "POST",
      "/v2/images",
      {
        container_format: "bare",
        disk_format: "qcow2",
        ...fields,
      },
    );
    images.push({ id: image.id, name: image.name, owner: project, usable, story });
    return image.id;
  }

  for (let start = 0; start < bulk; start += PARALLEL_CREATES) {
    await Promise.all(
      Array.from({ length: Math.min(PARALLEL_CREATES, bulk - start) }, (_, i) =>
        create(projects.own, "private", true, {
          name: `prod-web-${String(start + i).padStart(4, "0")}-golden-2026111${(start + i) % 10}`,
          visibility: "private",
        }),
      ),
    );
  }
  const active = await create(projects.own, "active with data and properties", true, {
    name: "Ubuntu Golden (2026.11.25)",
    visibility: "private",
    min_disk: 20,
    min_ram: 1024,
    tags: ["golden", "app"],
    os_distro: "ubuntu",
    image_family: "ubuntu-golden",
  });
  await as(projects.own).upload(active, new Uint8Array(4096).fill(7));
  await create(projects.own, "shared", true, { name: "team share", visibility: "shared" });
  await create(projects.own, "community", true, { name: "our community", visibility: "community" });
  await create(projects.own, "hidden", true, {
    name: "retired release",
    visibility: "private",
    os_hidden: true,
  });
  await create(projects.own, "protected", true, {
    name: "do not touch",
    visibility: "private",
    protected: true,
  });
  const deactivated = await create(projects.own, "deactivated", true, {
    name: "deactivated one",
    visibility: "private",
  });
  await as(projects.own).upload(deactivated, new Uint8Array(1024).fill(1));
  await as(projects.own, true).json("POST", `/v2/images/${deactivated}/actions/deactivate`);
  const deleted = await create(projects.own, "deleted", false, {
    name: "deleted one",
    visibility: "private",
  });
  await as(projects.own).json("DELETE", `/v2/images/${deleted}`);

  for (const status of ["pending", "accepted", "rejected"] as const) {
    const id = await create(projects.partner, `shared with us, ${status}`, true, {
      name: `partner ${status}`,
      visibility: "shared",
    });
    await as(projects.partner).json("POST", `/v2/images/${id}/members`, { member: projects.own });
    if (status !== "pending") {
      await as(projects.own).json("PUT", `/v2/images/${id}/members/${projects.own}`, { status });
    }
  }
  await create(projects.partner, "partner's private", false, {
    name: "partner private",
    visibility: "private",
  });
  await create(projects.stranger, "stranger's community", true, {
    name: "stranger community",
    visibility: "community",
  });
  await create(projects.stranger, "stranger's private", false, {
    name: "stranger private",
    visibility: "private",
  });
  // NHN's releases: two of one family, one of another, each with data (so active).
  for (const name of [
    "Ubuntu Server 24.04.3 LTS (2026.11.25)",
    "Rocky Linux 9.6 (2026.11.21)",
    "Ubuntu Server 24.04.3 LTS (2026.12.20)",
  ]) {
    const id = await create(
      projects.publisher,
      "public",
      true,
      { name, visibility: "public" },
      true,
    );
    await as(projects.publisher, true).upload(id, new Uint8Array(512).fill(3));
  }
  // A second release of the family its image_family property names.
  const release = await create(projects.own, "family release", true, {
    name: "Ubuntu Golden (2026.12.01)",
    visibility: "private",
    image_family: "ubuntu-golden",
  });
  await as(projects.own).upload(release, new Uint8Array(2048).fill(5));
  return {
    images,
    /** The ids `own` can use, sorted. */
    usableIds: () =>
      images
        .filter((image) => image.usable)
        .map((image) => image.id)
        .sort(),
    byStory: (story: string) => images.filter((image) => image.story === story),
  };
}

export type GlanceEstate = Awaited<ReturnType<typeof buildGlanceEstate>>;

/**
 * A real Glance holding {@link buildGlanceEstate}'s estate, and the gateway that puts NHN's
 * Keystone v2 in front of it: hand `gateway.url` to the simulator's `imageEndpoints` and its
 * token check to `gateway.trust`.
 */
export async function startGlanceWithEstate(projects: EstateProjects, bulk: number) {
  const glance = await startGlance();
  try {
    const estate = await buildGlanceEstate(glance, projects, bulk);
    const gateway = await startGlanceGateway(glance.url);
    return {
      glance,
      estate,
      gateway,
      async close() {
        await gateway.close();
        await glance.close();
      },
    };
  } catch (error) {
    await glance.close();
    throw error;
  }
}

export type GlanceWithEstate = Awaited<ReturnType<typeof startGlanceWithEstate>>;
