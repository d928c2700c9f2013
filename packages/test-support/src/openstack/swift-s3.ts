import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { bucketContents } from "../bucket-contents.ts";
import { DEBIAN_PYTHON, pythonScript } from "./debian-python.ts";
import { freePorts } from "./free-ports.ts";
import { acceptsConnections, ServiceProcess } from "./service-process.ts";

/** tempauth's user, which s3api takes as the S3 access key (`account:user`), and its key. */
export const SWIFT_S3_KEY = { accessKeyId: "test:tester", secretAccessKey: "testing" } as const;
/** The region Swift's s3api is configured with (`location`): NHN Object Storage's KR1. */
export const SWIFT_S3_REGION = "KR1";

const SERVERS = ["account", "container", "object", "proxy"] as const;
type SwiftServer = (typeof SERVERS)[number];
/** How long the four servers have to come up. */
const START_TIMEOUT_MS = 60_000;

/**
 * OpenStack Swift with its S3 layer (s3api), what NHN Object Storage runs, from Debian's
 * packages on loopback: account, container, object and proxy servers (`workers = 0`), one-replica
 * rings of part power 0, devices on a temporary directory (`mount_check = false`), and a proxy
 * pipeline with `cache` (tempauth refuses every request without it, even with no memcached),
 * `s3api` (`location = KR1`) and `tempauth`. Ready when all four ports accept; one bucket is
 * created through the S3 API itself.
 *
 * @example
 * const swift = await startSwiftS3("inventory");
 * const env = swift.env(); // INVENTORY_BUCKET, S3_ENDPOINT, S3_REGION (KR1), the keys
 * await swift.close();
 */
export async function startSwiftS3(
  bucket: string,
  options: {
    /** The S3 key tempauth accepts (`account:user` and its secret); {@link SWIFT_S3_KEY} by default. */
    readonly key?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  } = {},
) {
  const key = options.key ?? SWIFT_S3_KEY;
  const directory = await mkdtemp(join(tmpdir(), "nhn-images-swift-"));
  const ports = await freePorts(SERVERS.length);
  const portOf = Object.fromEntries(SERVERS.map((server, i) => [server, ports[i]])) as Record<
    SwiftServer,
    number
  >;
  const processes: ServiceProcess[] = [];
  const close = async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await rm(directory, { recursive: true, force: true });
  };
  try {
    await writeSwiftConfiguration(directory, portOf, key);
    const rings = new ServiceProcess("swift rings", DEBIAN_PYTHON, [
      pythonScript("swift_rings.py"),
      directory,
      JSON.stringify({
        account: portOf.account,
        container: portOf.container,
        object: portOf.object,
      }),
    ]);
    if ((await rings.exited()) !== 0)
      throw new Error(`Swift's rings were not built:\n${rings.log()}`);
    for (const server of SERVERS) {
      processes.push(
        new ServiceProcess(`swift-${server}-server`, DEBIAN_PYTHON, [
          pythonScript("swift_server.py"),
          directory,
          `${server}-server`,
          join(directory, `${server}-server.conf`),
        ]),
      );
    }
    await Promise.all(
      processes.map((p, i) =>
        p.waitUntil(() => acceptsConnections(portOf[SERVERS[i] as SwiftServer]), START_TIMEOUT_MS),
      ),
    );
  } catch (error) {
    await close();
    throw error;
  }
  const url = `http://127.0.0.1:${portOf.proxy}`;
  const direct = swiftS3Client(url, key);
  await direct.send(new CreateBucketCommand({ Bucket: bucket }));

  const { keys, bytes } = bucketContents(direct, bucket);

  return {
    url,
    bucket,
    direct,
    keys,
    bytes,
    /** The inventory's settings for this Swift (or a proxy in front of it at `endpoint`). */
    env: (endpoint = url): Record<string, string> => ({
      INVENTORY_BUCKET: bucket,
      S3_ENDPOINT: endpoint,
      S3_ACCESS_KEY_ID: key.accessKeyId,
      S3_SECRET_ACCESS_KEY: key.secretAccessKey,
      S3_REGION: SWIFT_S3_REGION,
    }),
    /** What the servers printed last (for a failing test's message). */
    logs: () => processes.map((p) => `== ${p.name}\n${p.log()}`).join("\n"),
    async close() {
      direct.destroy();
      await close();
    },
  };
}

export type SwiftS3 = Awaited<ReturnType<typeof startSwiftS3>>;

/** An S3 client for Swift's s3api at `endpoint`, signed as tempauth's user for KR1. */
export function swiftS3Client(
  endpoint: string,
  key: { readonly accessKeyId: string; readonly secretAccessKey: string } = SWIFT_S3_KEY,
): S3Client {
  return new S3Client({
    region: SWIFT_S3_REGION,
    endpoint,
    forcePathStyle: true,
    credentials: key,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}

async function writeSwiftConfiguration(
  directory: string,
  portOf: Record<SwiftServer, number>,
  key: { readonly accessKeyId: string; readonly secretAccessKey: string },
): Promise<void> {
  const [account, user] = key.accessKeyId.split(":");
  if (!/^[A-Za-z0-9]+$/.test(account ?? "") || !/^[A-Za-z0-9]+$/.test(user ?? "")) {
    throw new Error(`tempauth's S3 key is account:user, not ${key.accessKeyId}`);
  }
  const devices = join(directory, "devices");
  await mkdir(join(devices, "d0"), { recursive: true });
  // A hash prefix and suffix of its own, and one storage policy.
  await writeFile(
    join(directory, "swift.conf"),
    "[swift-hash]\nswift_hash_path_suffix = nhn-images-test\nswift_hash_path_prefix = nhn-images\n\n[storage-policy:0]\nname = Policy-0\ndefault = yes\n",
  );
  const common = (server: SwiftServer) =>
    `[DEFAULT]\nbind_ip = 127.0.0.1\nbind_port = ${portOf[server]}\nworkers = 0\nswift_dir = ${directory}\ndevices = ${devices}\nmount_check = false\nlog_address = /dev/null\n`;
  for (const server of ["account", "container", "object"] as const) {
    await writeFile(
      join(directory, `${server}-server.conf`),
      `${common(server)}\n[pipeline:main]\npipeline = ${server}-server\n\n[app:${server}-server]\nuse = egg:swift#${server}\n`,
    );
  }
  const filters: Record<string, string> = {
    catch_errors: "use = egg:swift#catch_errors",
    gatekeeper: "use = egg:swift#gatekeeper",
    healthcheck: "use = egg:swift#healthcheck",
    "proxy-logging": "use = egg:swift#proxy_logging",
    // tempauth keeps its tokens in the cache; with no memcached reachable it still needs the filter.
    cache: "use = egg:swift#memcache\nmemcache_servers = 127.0.0.1:1",
    listing_formats: "use = egg:swift#listing_formats",
    // NHN Object Storage signs for its region's name (`KR1`): so does this s3api.
    s3api: `use = egg:swift#s3api\nlocation = ${SWIFT_S3_REGION}`,
    tempauth: `use = egg:swift#tempauth\nuser_${account}_${user} = ${key.secretAccessKey} .admin`,
    copy: "use = egg:swift#copy",
    slo: "use = egg:swift#slo",
    dlo: "use = egg:swift#dlo",
    versioned_writes: "use = egg:swift#versioned_writes",
  };
  const pipeline =
    "catch_errors gatekeeper healthcheck proxy-logging cache listing_formats s3api tempauth copy slo dlo versioned_writes proxy-logging proxy-server";
  const sections = Object.entries(filters)
    .map(([name, body]) => `[filter:${name}]\n${body}\n`)
    .join("\n");
  await writeFile(
    join(directory, "proxy-server.conf"),
    `${common("proxy")}\n[pipeline:main]\npipeline = ${pipeline}\n\n[app:proxy-server]\nuse = egg:swift#proxy\naccount_autocreate = true\n\n${sections}`,
  );
}
