import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEBIAN_PYTHON } from "./debian-python.ts";
import { freePorts } from "./free-ports.ts";
import { ServiceProcess } from "./service-process.ts";

/** NHN documents 100 as the image list's default `limit` (Glance's own default is 25). */
export const NHN_LIMIT_DEFAULT = 100;
/** The most images one Glance page may hold (Glance's `api_limit_max`, NHN's documented cap). */
export const NHN_LIMIT_MAX = 1000;
const START_TIMEOUT_MS = 90_000;

/** The roles keystonemiddleware would pass for a project member; an admin adds `admin`. */
export interface GlanceCaller {
  readonly project: string;
  readonly admin?: boolean;
}

/**
 * OpenStack Glance (Image API v2, what NHN Cloud's image API is), from Debian's packages on
 * loopback: sqlite (`glance-manage db_sync`), the file store, `workers = 0`,
 * `limit_param_default = 100` as NHN documents, and a paste pipeline that keeps Glance's
 * `context` middleware but not `authtoken`: each request carries the trusted headers
 * keystonemiddleware would set (`X-Identity-Status: Confirmed`, `X-Project-Id`, `X-Roles`).
 * Ready on `/healthcheck`.
 *
 * @example
 * const glance = await startGlance();
 * const image = await glance.as({ project: "p1" }).json("POST", "/v2/images", { name: "web" });
 * await glance.close();
 */
export async function startGlance() {
  const directory = await mkdtemp(join(tmpdir(), "nhn-images-glance-"));
  const [port] = (await freePorts(1)) as [number];
  const conf = join(directory, "glance-api.conf");
  let api: ServiceProcess | null = null;
  const close = async () => {
    await api?.stop();
    await rm(directory, { recursive: true, force: true });
  };
  try {
    await writeGlanceConfiguration(directory, port);
    const sync = new ServiceProcess("glance-manage db_sync", "glance-manage", [
      "--config-file",
      conf,
      "db_sync",
    ]);
    if ((await sync.exited()) !== 0)
      throw new Error(`glance-manage db_sync failed:\n${sync.log()}`);
    api = new ServiceProcess("glance-api", "glance-api", ["--config-file", conf]);
    const healthcheck = `http://127.0.0.1:${port}/healthcheck`;
    await api.waitUntil(async () => (await fetch(healthcheck)).ok, START_TIMEOUT_MS);
  } catch (error) {
    await close();
    throw error;
  }
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    /** Requests as `caller`, with the headers keystonemiddleware would have set. */
    as: (caller: GlanceCaller) => glanceAs(url, caller),
    logs: () => api?.log() ?? "",
    /**
     * Cuts every stored timestamp to whole seconds, as Glance on MySQL (a `DATETIME` column, NHN's
     * kind of deployment) stores them; sqlite keeps microseconds, so images created within one
     * second would sort by a fraction no API answer shows.
     */
    async storeWholeSeconds(): Promise<void> {
      const script = `import sqlite3; c = sqlite3.connect(${JSON.stringify(join(directory, "glance.sqlite"))}); c.execute("UPDATE images SET created_at = substr(created_at, 1, 19), updated_at = substr(updated_at, 1, 19)"); c.commit()`;
      const update = new ServiceProcess("glance timestamps", DEBIAN_PYTHON, ["-c", script]);
      if ((await update.exited()) !== 0) throw new Error(`Glance's timestamps: ${update.log()}`);
    },
    /**
     * Sets images' `created_at` (and `updated_at`) as stored, to whole seconds: Glance takes no
     * creation time from its API, and a family's releases need distinct ones to have an order.
     */
    async setCreatedAt(times: Readonly<Record<string, string>>): Promise<void> {
      const rows = Object.entries(times).map(([id, at]) => [
        new Date(at).toISOString().slice(0, 19).replace("T", " "),
        id,
      ]);
      const script = `import json, sqlite3; c = sqlite3.connect(${JSON.stringify(join(directory, "glance.sqlite"))}); c.executemany("UPDATE images SET created_at = ?, updated_at = ? WHERE id = ?", [(t, t, i) for t, i in json.loads(${JSON.stringify(JSON.stringify(rows))})]); c.commit()`;
      const update = new ServiceProcess("glance created_at", DEBIAN_PYTHON, ["-c", script]);
      if ((await update.exited()) !== 0) throw new Error(`Glance's created_at: ${update.log()}`);
    },
    close,
  };
}

export type Glance = Awaited<ReturnType<typeof startGlance>>;

/** The trusted headers of a confirmed token of `caller`'s project. */
export function trustedHeaders(caller: GlanceCaller): Record<string, string> {
  return {
    "x-identity-status": "Confirmed",
    "x-project-id": caller.project,
    "x-user-id": `user-of-${caller.project}`,
    "x-roles": caller.admin === true ? "admin,member,reader" : "member,reader",
  };
}

/** Glance's API as one caller. */
function glanceAs(url: string, caller: GlanceCaller) {
  const headers = trustedHeaders(caller);
  async function request(method: string, path: string, body?: unknown, type?: string) {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        ...headers,
        ...(body === undefined ? {} : { "content-type": type ?? "application/json" }),
      },
      ...(body === undefined
        ? {}
        : { body: body instanceof Uint8Array ? Buffer.from(body) : JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, text };
  }
  return {
    request,
    /** A JSON call that must succeed; its parsed answer. */
    async json<T = Record<string, unknown>>(
      method: string,
      path: string,
      body?: unknown,
    ): Promise<T> {
      const { status, text } = await request(method, path, body);
      if (status >= 300) throw new Error(`Glance ${method} ${path} answered ${status}: ${text}`);
      return (text === "" ? {} : JSON.parse(text)) as T;
    },
    /** Uploads an image's data (the image goes `active`). */
    async upload(id: string, data: Uint8Array): Promise<void> {
      const { status, text } = await request(
        "PUT",
        `/v2/images/${id}/file`,
        data,
        "application/octet-stream",
      );
      if (status !== 204) throw new Error(`Glance upload of ${id} answered ${status}: ${text}`);
    },
  };
}

async function writeGlanceConfiguration(directory: string, port: number): Promise<void> {
  await writeFile(
    join(directory, "glance-api-paste.ini"),
    `[pipeline:glance-api-trusted]
pipeline = healthcheck versionnegotiation context rootapp

[composite:rootapp]
paste.composite_factory = glance.api:root_app_factory
/: apiversions
/v2: apiv2app

[app:apiversions]
paste.app_factory = glance.api.versions:create_resource

[app:apiv2app]
paste.app_factory = glance.api.v2.router:API.factory

[filter:healthcheck]
paste.filter_factory = oslo_middleware:Healthcheck.factory
backends = disable_by_file
disable_by_file_path = ${directory}/healthcheck_disable

[filter:versionnegotiation]
paste.filter_factory = glance.api.middleware.version_negotiation:VersionNegotiationFilter.factory

[filter:context]
paste.filter_factory = glance.api.middleware.context:ContextMiddleware.factory
`,
  );
  await writeFile(
    join(directory, "glance-api.conf"),
    `[DEFAULT]
bind_host = 127.0.0.1
bind_port = ${port}
workers = 0
limit_param_default = ${NHN_LIMIT_DEFAULT}
api_limit_max = ${NHN_LIMIT_MAX}
enabled_backends = files:file
use_stderr = true
image_cache_dir = ${directory}/cache

[database]
connection = sqlite:///${directory}/glance.sqlite

[paste_deploy]
flavor = trusted
config_file = ${directory}/glance-api-paste.ini

[glance_store]
default_backend = files

[files]
filesystem_store_datadir = ${directory}/images

[os_glance_staging_store]
filesystem_store_datadir = ${directory}/staging

[os_glance_tasks_store]
filesystem_store_datadir = ${directory}/tasks

[oslo_policy]
enforce_scope = false
enforce_new_defaults = false
`,
  );
}
