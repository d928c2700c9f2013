import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXPORT_HEAP_CAP_MB } from "../bench/export-scaling.ts";
import { zipEntries } from "./zip-entries.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const serverless = join(root, "node_modules/.bin/serverless");

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation JSON, walked by path in assertions
type Json = any;
type Resource = { Type: string; Properties: Json; DependsOn?: unknown; Condition?: string };
type Template = {
  Resources: Record<string, Resource>;
  Conditions?: Record<string, unknown>;
  Outputs?: Record<string, { Condition?: string }>;
};

/**
 * `serverless package` (osls) with no AWS credentials at all, in a copy of the service (its
 * serverless.yml, edited by `editYaml`, package.json and built bundles) in a temporary folder:
 * osls always works in `<service>/.serverless` and deletes it first, so a `pnpm dev` or another
 * packaging running in the repository would otherwise pull the files from under it.
 */
async function packageService(params: string[] = [], editYaml = (yaml: string) => yaml) {
  const dir = await mkdtemp(join(tmpdir(), "nhn-images-service-"));
  await cp(join(root, "package.json"), join(dir, "package.json"));
  await writeFile(
    join(dir, "serverless.yml"),
    editYaml(await readFile(join(root, "serverless.yml"), "utf8")),
  );
  for (const fn of ["list-images", "export-inventory", "plan-lifecycle"]) {
    await cp(join(root, `functions/${fn}/dist`), join(dir, `functions/${fn}/dist`), {
      recursive: true,
    });
  }
  await symlink(join(root, "node_modules"), join(dir, "node_modules"), "dir");
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith("AWS_")),
  );
  await promisify(execFile)(serverless, ["package", ...params.map((p) => `--param=${p}`)], {
    cwd: dir,
    env: { ...env, SLS_TELEMETRY_DISABLED: "1", SLS_NOTIFICATIONS_MODE: "off" },
    timeout: 120_000,
  });
  const out = join(dir, ".serverless");
  const template = JSON.parse(
    await readFile(join(out, "cloudformation-template-update-stack.json"), "utf8"),
  ) as Template;
  return { dir, out, template };
}

const NHN_OBJECT_STORAGE = "https://kr1-api-object-storage.nhncloudservice.com";

let iam: Awaited<ReturnType<typeof packageService>>;
let jwt: Awaited<ReturnType<typeof packageService>>;
let nhn: Awaited<ReturnType<typeof packageService>>;
beforeAll(async () => {
  [iam, jwt, nhn] = await Promise.all([
    packageService(),
    // osls takes no empty --param: a stage turns events off with `eventBusName: ""` in params.
    packageService(["authorizer=jwt", "scheduleEnabled=false", "eventMaxChanges=7"], (yaml) =>
      yaml.replace("eventBusName: default", 'eventBusName: ""'),
    ),
    packageService([
      `inventoryEndpoint=${NHN_OBJECT_STORAGE}`,
      "inventoryBucket=ops-inventory",
      "inventoryRegion=KR1",
      "lifecycleApply=true",
      "lifecycleScheduleEnabled=true",
    ]),
  ]);
}, 180_000);
afterAll(async () => {
  await Promise.all(
    [iam, jwt, nhn].filter(Boolean).map((p) => rm(p.dir, { recursive: true, force: true })),
  );
});

/**
 * A condition as CloudFormation would evaluate it for this template: stage parameters are
 * literal strings by then, so `Fn::Equals` of two strings, `Fn::Not`, and `Condition` suffice.
 */
function holds(t: Template, name: string): boolean {
  const evaluate = (node: unknown): boolean => {
    const n = node as Record<string, unknown>;
    if ("Fn::Equals" in n) {
      const [a, b] = n["Fn::Equals"] as unknown[];
      if (typeof a !== "string" || typeof b !== "string") throw new Error("non-literal Fn::Equals");
      return a === b;
    }
    if ("Fn::Not" in n) return !evaluate((n["Fn::Not"] as unknown[])[0]);
    if ("Fn::And" in n) return (n["Fn::And"] as unknown[]).every(evaluate);
    if ("Condition" in n) return holds(t, n.Condition as string);
    throw new Error(`unknown condition ${JSON.stringify(node)}`);
  };
  const condition = t.Conditions?.[name];
  if (condition === undefined) throw new Error(`no condition ${name}`);
  return evaluate(condition);
}

/** What `Fn::If` picks under this template's conditions, everywhere in `node`. */
function resolveIfs(t: Template, node: unknown): unknown {
  if (Array.isArray(node)) {
    return node.map((item) => resolveIfs(t, item)).filter((item) => item !== NO_VALUE);
  }
  if (node === null || typeof node !== "object") return node;
  const n = node as Record<string, unknown>;
  if ("Fn::If" in n) {
    const [condition, yes, no] = n["Fn::If"] as [string, unknown, unknown];
    return resolveIfs(t, holds(t, condition) ? yes : no);
  }
  if (n.Ref === "AWS::NoValue") return NO_VALUE;
  return Object.fromEntries(Object.entries(n).map(([k, v]) => [k, resolveIfs(t, v)]));
}
const NO_VALUE = Symbol("AWS::NoValue");

/** The resources CloudFormation would create, with their `Fn::If`s resolved. */
function deployed(t: Template): Template["Resources"] {
  return Object.fromEntries(
    Object.entries(t.Resources)
      .filter(([, r]) => r.Condition === undefined || holds(t, r.Condition))
      .map(([name, r]) => [name, resolveIfs(t, r) as Resource]),
  );
}

const ofType = (t: Template, type: string) =>
  Object.entries(t.Resources).filter(([, r]) => r.Type === type);
const resource = (t: Template, name: string) => {
  const found = t.Resources[name];
  if (found === undefined) throw new Error(`no resource ${name}`);
  return found;
};
const statements = (t: Template, role: string): Json[] =>
  (deployed(t)[role] as Resource).Properties.Policies.flatMap(
    (p: Json) => p.PolicyDocument.Statement,
  );

describe("the packaged service", () => {
  it.each([
    ["listImages", "ListImagesLambdaFunction", "functions/list-images/dist"],
    ["exportInventory", "ExportInventoryLambdaFunction", "functions/export-inventory/dist"],
    ["planLifecycle", "PlanLifecycleLambdaFunction", "functions/plan-lifecycle/dist"],
  ])(
    "%s's zip holds only its bundle and source map, and its handler resolves inside it",
    (name, logicalId, dist) => {
      const entries = zipEntries(join(iam.out, `${name}.zip`)).sort();
      expect(entries).toEqual([`${dist}/index.mjs`, `${dist}/index.mjs.map`]);
      const fn = resource(iam.template, logicalId).Properties;
      expect(fn.Handler).toBe(`${dist}/index.handler`);
      expect(entries).toContain(`${fn.Handler.replace(/\.handler$/, "")}.mjs`);
      expect(fn).toMatchObject({ Runtime: "nodejs22.x", Architectures: ["arm64"] });
    },
  );

  it("routes every GET route (images, history, OpenAPI) through the IAM authorizer by default", () => {
    const routes = ofType(iam.template, "AWS::ApiGatewayV2::Route").map(([, r]) => r.Properties);
    expect(routes.map((r) => r.RouteKey).sort()).toEqual([
      "GET /changes",
      "GET /families",
      "GET /images",
      "GET /images/latest",
      "GET /images/{id}",
      "GET /images/{id}/history",
      "GET /openapi.json",
      "GET /snapshots",
    ]);
    for (const route of routes) expect(route.AuthorizationType).toBe("AWS_IAM");
    expect(ofType(iam.template, "AWS::ApiGatewayV2::Authorizer")).toEqual([]);
    const api = ofType(iam.template, "AWS::ApiGatewayV2::Api")[0]?.[1].Properties;
    expect(api.CorsConfiguration).toBeUndefined();
  });

  it("switches every route to a JWT authorizer with a stage parameter", () => {
    const routes = ofType(jwt.template, "AWS::ApiGatewayV2::Route").map(([, r]) => r.Properties);
    for (const route of routes) expect(route.AuthorizationType).toBe("JWT");
    const [[, authorizer] = []] = ofType(jwt.template, "AWS::ApiGatewayV2::Authorizer");
    expect(authorizer?.Properties).toMatchObject({
      AuthorizerType: "JWT",
      IdentitySource: ["$request.header.Authorization"],
    });
  });

  /** The schedule rule whose target is the function `logicalId`. */
  const scheduleOf = (t: Template, logicalId: string) =>
    ofType(t, "AWS::Events::Rule").find(([, rule]) =>
      JSON.stringify(rule.Properties.Targets).includes(`"${logicalId}"`),
    )?.[1].Properties;

  it("schedules the export at 00:00 KST, and can disable the schedule", () => {
    expect(scheduleOf(iam.template, "ExportInventoryLambdaFunction")).toMatchObject({
      ScheduleExpression: "cron(0 15 * * ? *)",
      State: "ENABLED",
    });
    expect(scheduleOf(jwt.template, "ExportInventoryLambdaFunction")?.State).toBe("DISABLED");
  });

  it("schedules the lifecycle plan two hours after the export, off until a stage turns it on, plan-only unless lifecycleApply", () => {
    expect(scheduleOf(iam.template, "PlanLifecycleLambdaFunction")).toMatchObject({
      ScheduleExpression: "cron(0 17 * * ? *)",
      State: "DISABLED",
    });
    expect(scheduleOf(nhn.template, "PlanLifecycleLambdaFunction")?.State).toBe("ENABLED");
    const variables = (t: Template) =>
      (deployed(t).PlanLifecycleLambdaFunction as Resource).Properties.Environment.Variables;
    expect(variables(iam.template)).toMatchObject({ LIFECYCLE_APPLY: "false", NHN_USAGE: "false" });
    expect(variables(nhn.template).LIFECYCLE_APPLY).toBe("true");
    const fn = (deployed(iam.template).PlanLifecycleLambdaFunction as Resource).Properties;
    expect(fn).toMatchObject({ Timeout: 900, ReservedConcurrentExecutions: 1 });
  });

  it("gives the lifecycle function read access to the inventory and writes under lifecycle/ only; events only when it applies", () => {
    const lifecycle = statements(iam.template, "PlanLifecycleRole");
    expect(lifecycle.find((s) => s.Sid === "InventoryRead")).toMatchObject({
      Action: "s3:GetObject",
      Resource: {
        "Fn::Join": ["", [{ "Fn::GetAtt": ["InventoryBucket", "Arn"] }, "/nhn-images/*"]],
      },
    });
    expect(lifecycle.find((s) => s.Sid === "LifecycleObjects")).toMatchObject({
      Action: ["s3:PutObject", "s3:DeleteObject"],
      Resource: {
        "Fn::Join": ["", [{ "Fn::GetAtt": ["InventoryBucket", "Arn"] }, "/nhn-images/lifecycle/*"]],
      },
    });
    for (const statement of lifecycle) {
      const actions = [statement.Action].flat();
      if (actions.some((a: string) => /^s3:(Put|Delete)/.test(a))) {
        expect(statement.Sid).toBe("LifecycleObjects");
      }
    }
    // Plan-only (the default): no events. Applying with a bus: its own source on that bus.
    expect(lifecycle.map((s) => s.Sid)).not.toContain("LifecycleEvents");
    expect(
      statements(nhn.template, "PlanLifecycleRole").find((s) => s.Sid === "LifecycleEvents"),
    ).toMatchObject({
      Action: "events:PutEvents",
      Condition: { StringEquals: { "events:source": "nhn-images" } },
    });
  });

  it("sizes the export for 100k+ images, retries it and sends failures to the queue", () => {
    const fn = (deployed(iam.template).ExportInventoryLambdaFunction as Resource).Properties;
    expect(fn).toMatchObject({
      Timeout: 900,
      MemorySize: 1024,
      EphemeralStorage: { Size: 2048 },
      ReservedConcurrentExecutions: 1,
    });
    const [[, config] = []] = ofType(iam.template, "AWS::Lambda::EventInvokeConfig");
    expect(config?.Properties).toMatchObject({
      MaximumRetryAttempts: 2,
      DestinationConfig: {
        OnFailure: { Destination: { "Fn::GetAtt": ["ExportDeadLetterQueue", "Arn"] } },
      },
    });
    expect(fn.Environment.Variables.INVENTORY_BUCKET).toEqual({ Ref: "InventoryBucket" });
    expect(fn.Environment.Variables.NODE_OPTIONS).toBe(
      `--enable-source-maps --max-old-space-size=${EXPORT_HEAP_CAP_MB}`,
    );
  });

  it("protects the inventory bucket: no public access, encryption, versioning, lifecycle, TLS only", () => {
    const bucket = resource(iam.template, "InventoryBucket").Properties;
    expect(bucket.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(
      bucket.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault
        .SSEAlgorithm,
    ).toBe("AES256");
    expect(bucket.VersioningConfiguration.Status).toBe("Enabled");
    const rules = bucket.LifecycleConfiguration.Rules;
    expect(
      rules.some((r: { NoncurrentVersionExpiration?: unknown }) => r.NoncurrentVersionExpiration),
    ).toBe(true);
    expect(
      rules.some(
        (r: { AbortIncompleteMultipartUpload?: unknown }) => r.AbortIncompleteMultipartUpload,
      ),
    ).toBe(true);
    const [policy] = resource(iam.template, "InventoryBucketPolicy").Properties.PolicyDocument
      .Statement;
    expect(policy).toMatchObject({
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
  });

  it("logs every API request and throttles every route", () => {
    const stage = resource(iam.template, "HttpApiStage").Properties;
    expect(stage.AccessLogSettings.DestinationArn).toEqual({
      "Fn::GetAtt": ["HttpApiLogGroup", "Arn"],
    });
    const format = JSON.parse(stage.AccessLogSettings.Format);
    expect(Object.keys(format)).toEqual(
      expect.arrayContaining(["requestId", "ip", "caller", "routeKey", "status"]),
    );
    expect(stage.AccessLogSettings.Format).not.toContain("queryString");
    expect(resource(iam.template, "HttpApiLogGroup").Properties.RetentionInDays).toBe(30);
    expect(stage.DefaultRouteSettings).toMatchObject({
      ThrottlingRateLimit: 50,
      ThrottlingBurstLimit: 100,
    });
  });

  it("keeps server access logs of the inventory bucket in a private, TLS-only, SSE-S3 bucket", () => {
    const inventory = resource(iam.template, "InventoryBucket").Properties;
    expect(inventory.LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: "InventoryAccessLogBucket" },
      LogFilePrefix: "inventory/",
    });
    const logs = resource(iam.template, "InventoryAccessLogBucket").Properties;
    expect(Object.values(logs.PublicAccessBlockConfiguration)).toEqual([true, true, true, true]);
    expect(
      logs.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault
        .SSEAlgorithm,
    ).toBe("AES256");
    expect(logs.LifecycleConfiguration.Rules[0].ExpirationInDays).toBe(365);
    const [deliver, tls] = resource(iam.template, "InventoryAccessLogBucketPolicy").Properties
      .PolicyDocument.Statement;
    expect(deliver).toMatchObject({
      Effect: "Allow",
      Principal: { Service: "logging.s3.amazonaws.com" },
      Action: "s3:PutObject",
      Condition: { ArnLike: { "aws:SourceArn": { "Fn::GetAtt": ["InventoryBucket", "Arn"] } } },
    });
    expect(tls).toMatchObject({
      Effect: "Deny",
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
  });

  it("blocks public access to the deployment bucket, versions and encrypts it", () => {
    const bucket = resource(iam.template, "ServerlessDeploymentBucket").Properties;
    expect(bucket.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.VersioningConfiguration).toEqual({ Status: "Enabled" });
    expect(
      bucket.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault
        .SSEAlgorithm,
    ).toBe("AES256");
  });

  it("projects dt from 2000-01-01, the first date the export accepts", () => {
    for (const name of ["ImagesTable", "ChangesTable"]) {
      expect(
        resource(iam.template, name).Properties.TableInput.Parameters["projection.dt.range"],
      ).toBe("2000-01-01,NOW");
    }
  });

  it("declares typed Glue tables over the Parquet prefixes, with partition projection on dt", () => {
    const columns = (name: string) =>
      resource(iam.template, name).Properties.TableInput.StorageDescriptor.Columns.map(
        (c: { Name: string; Type: string }) => `${c.Name} ${c.Type}`,
      );
    for (const [name, folder] of [
      ["ImagesTable", "parquet/images"],
      ["ChangesTable", "parquet/changes"],
    ] as const) {
      const table = resource(iam.template, name).Properties.TableInput;
      expect(table.PartitionKeys).toEqual([{ Name: "dt", Type: "string" }]);
      expect(table.Parameters).toMatchObject({
        classification: "parquet",
        "projection.enabled": "true",
        "projection.dt.type": "date",
        "projection.dt.format": "yyyy-MM-dd",
      });
      expect(table.Parameters["storage.location.template"]).toEqual({
        "Fn::Join": [
          "",
          ["s3://", { Ref: "InventoryBucket" }, `/nhn-images/${folder}/dt=`, "$", "{dt}/"],
        ],
      });
      expect(table.StorageDescriptor).toMatchObject({
        InputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
        SerdeInfo: {
          SerializationLibrary: "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
        },
      });
    }
    // DESIGN.md's columns and types, as the Parquet objects hold them (their test reads them).
    expect(columns("ImagesTable")).toEqual([
      "id string",
      "region string",
      "name string",
      "status string",
      "disk_format string",
      "visibility string",
      "is_public boolean",
      "protected boolean",
      "min_disk int",
      "min_ram int",
      "size bigint",
      "created_at timestamp",
      "updated_at timestamp",
      "owner string",
      "tags array<string>",
      "properties map<string,string>",
      "hidden boolean",
      "family string",
      "usage struct<verdict:string,reason:string,servers:array<string>,node_groups:array<string>,evidence:struct<by_image_ref:int,by_boot_volume:int,by_node_group:int>,unattributed_servers:int>",
    ]);
    expect(columns("ChangesTable")).toEqual([
      "change string",
      "id string",
      "region string",
      "name string",
      "fields map<string,struct<from:string,to:string>>",
    ]);
  });

  it("points the export at NHN Object Storage with stage parameters: no bucket, no tables, only its keys' parameter", () => {
    const resources = deployed(nhn.template);
    for (const name of ["InventoryBucket", "InventoryDatabase", "ImagesTable", "ChangesTable"]) {
      expect(resources[name]).toBeUndefined();
      expect(deployed(iam.template)[name]).toBeDefined();
    }
    const variables = (resources.ExportInventoryLambdaFunction as Resource).Properties.Environment
      .Variables;
    expect(variables).toMatchObject({
      INVENTORY_BUCKET: "ops-inventory",
      S3_ENDPOINT: NHN_OBJECT_STORAGE,
      S3_REGION: "KR1",
      S3_CREDENTIALS_PARAM: "/nhn-images/dev/object-storage-keys",
    });
    expect(variables.S3_FORCE_PATH_STYLE).toBeUndefined(); // path-style: the default with an endpoint
    const exp = statements(nhn.template, "ExportInventoryRole");
    expect(exp.map((s) => s.Sid).sort()).toEqual([
      "ApiPassword",
      "ChangeEvents",
      "FailureDestination",
      "Logs",
      "ObjectStorageKeys",
    ]);
    expect(exp.find((s) => s.Sid === "ObjectStorageKeys")).toMatchObject({
      Action: "ssm:GetParameter",
      Resource: {
        "Fn::Sub": expect.stringMatching(/:parameter\/nhn-images\/dev\/object-storage-keys$/),
      },
    });
    // On AWS (the default), the same variables name the stack's bucket and no store of its own.
    const onAws = (deployed(iam.template).ExportInventoryLambdaFunction as Resource).Properties
      .Environment.Variables;
    expect(onAws).toMatchObject({
      INVENTORY_BUCKET: { Ref: "InventoryBucket" },
      S3_ENDPOINT: "",
      S3_REGION: "",
      S3_CREDENTIALS_PARAM: "",
    });
    expect(statements(iam.template, "ExportInventoryRole").map((s) => s.Sid)).not.toContain(
      "ObjectStorageKeys",
    );
    for (const output of ["InventoryBucketName", "GlueDatabase"]) {
      expect(nhn.template.Outputs?.[output]?.Condition).toBe("InventoryOnAws");
    }
  });

  it("gives the list function its password parameter, its logs and read-only access to the inventory prefix", () => {
    const list = statements(iam.template, "ListImagesRole");
    expect(list.map((s) => s.Sid).sort()).toEqual([
      "ApiPassword",
      "InventoryListing",
      "InventoryRead",
      "Logs",
    ]);
    const ssm = list.find((s) => s.Sid === "ApiPassword");
    expect(ssm.Action).toBe("ssm:GetParameter");
    expect(ssm.Resource["Fn::Sub"]).toMatch(/:parameter\/nhn-images\/dev\/api-password$/);
    // Reads only: no write, delete or multipart action, and only under the prefix.
    expect(list.find((s) => s.Sid === "InventoryRead")).toEqual({
      Sid: "InventoryRead",
      Effect: "Allow",
      Action: "s3:GetObject",
      Resource: {
        "Fn::Join": ["", [{ "Fn::GetAtt": ["InventoryBucket", "Arn"] }, "/nhn-images/*"]],
      },
    });
    expect(list.find((s) => s.Sid === "InventoryListing")).toEqual({
      Sid: "InventoryListing",
      Effect: "Allow",
      Action: "s3:ListBucket",
      Resource: { "Fn::GetAtt": ["InventoryBucket", "Arn"] },
      Condition: { StringLike: { "s3:prefix": ["nhn-images/*"] } },
    });
    const variables = (deployed(iam.template).ListImagesLambdaFunction as Resource).Properties
      .Environment.Variables;
    expect(variables).toMatchObject({
      INVENTORY_BUCKET: { Ref: "InventoryBucket" },
      INVENTORY_PREFIX: "nhn-images/",
      S3_ENDPOINT: "",
      S3_CREDENTIALS_PARAM: "",
    });
    // On NHN Object Storage: the same store and the keys' parameter, and no S3 permission.
    const onNhn = statements(nhn.template, "ListImagesRole");
    expect(onNhn.map((s) => s.Sid).sort()).toEqual(["ApiPassword", "Logs", "ObjectStorageKeys"]);
    expect(
      (deployed(nhn.template).ListImagesLambdaFunction as Resource).Properties.Environment
        .Variables,
    ).toMatchObject({
      INVENTORY_BUCKET: "ops-inventory",
      S3_ENDPOINT: NHN_OBJECT_STORAGE,
      S3_REGION: "KR1",
      S3_CREDENTIALS_PARAM: "/nhn-images/dev/object-storage-keys",
    });
    expect(resource(iam.template, "ListImagesLambdaFunction").Properties.Role).toEqual({
      "Fn::GetAtt": ["ListImagesRole", "Arn"],
    });
  });

  it("gives the export function only what it uses, on the inventory prefix", () => {
    const exp = statements(iam.template, "ExportInventoryRole");
    const objects = exp.find((s) => s.Sid === "InventoryObjects");
    expect(objects.Resource).toEqual({
      "Fn::Join": ["", [{ "Fn::GetAtt": ["InventoryBucket", "Arn"] }, "/nhn-images/*"]],
    });
    const listing = exp.find((s) => s.Sid === "InventoryListing");
    expect(listing).toMatchObject({
      Action: "s3:ListBucket",
      Condition: { StringLike: { "s3:prefix": ["nhn-images/*"] } },
    });
    expect(exp.find((s) => s.Sid === "FailureDestination").Action).toBe("sqs:SendMessage");
  });

  it("lets the export put events on its stage's bus only, with its own source, and not at all without one", () => {
    const events = statements(iam.template, "ExportInventoryRole").find(
      (s) => s.Sid === "ChangeEvents",
    );
    expect(events).toEqual({
      Sid: "ChangeEvents",
      Effect: "Allow",
      Action: "events:PutEvents",
      Resource: {
        "Fn::Sub": expect.stringMatching(
          /^arn:\$\{AWS::Partition\}:events:\$\{AWS::Region\}:\$\{AWS::AccountId\}:event-bus\/default$/,
        ),
      },
      Condition: { StringEquals: { "events:source": "nhn-images" } },
    });
    const variables = (deployed(iam.template).ExportInventoryLambdaFunction as Resource).Properties
      .Environment.Variables;
    expect(variables).toMatchObject({ EVENT_BUS_NAME: "default", EVENT_MAX_CHANGES: "100" });
    // An empty eventBusName turns events off: no variable value, no permission.
    const off = (deployed(jwt.template).ExportInventoryLambdaFunction as Resource).Properties
      .Environment.Variables;
    expect(off.EVENT_BUS_NAME ?? "").toBe("");
    expect(off.EVENT_MAX_CHANGES).toBe("7");
    expect(statements(jwt.template, "ExportInventoryRole").map((s) => s.Sid)).not.toContain(
      "ChangeEvents",
    );
    // Neither function may put events anywhere else.
    for (const t of [iam.template, jwt.template, nhn.template]) {
      for (const role of ["ExportInventoryRole", "ListImagesRole", "PlanLifecycleRole"]) {
        for (const statement of statements(t, role)) {
          if ([statement.Action].flat().some((a: string) => a.startsWith("events:")))
            expect(statement.Sid).toBe(
              role === "PlanLifecycleRole" ? "LifecycleEvents" : "ChangeEvents",
            );
        }
      }
    }
  });

  it("has no wildcard resource for S3 or SSM anywhere, and no secret in any environment", () => {
    for (const [, role] of ofType(iam.template, "AWS::IAM::Role")) {
      for (const policy of role.Properties.Policies ?? []) {
        for (const statement of policy.PolicyDocument.Statement) {
          const actions = [statement.Action].flat().join(" ");
          if (/\b(s3|ssm):/.test(actions)) expect(statement.Resource).not.toBe("*");
        }
      }
    }
    for (const [, fn] of ofType(iam.template, "AWS::Lambda::Function")) {
      const variables: Record<string, unknown> = fn.Properties.Environment?.Variables ?? {};
      for (const name of Object.keys(variables)) {
        expect(name).not.toMatch(/^(NHN_API_PASSWORD|NHN_AUTH_TOKEN|AWS_SECRET_ACCESS_KEY)$/);
      }
      expect(variables.NHN_API_PASSWORD_PARAM).toBe("/nhn-images/dev/api-password");
    }
  });
});
