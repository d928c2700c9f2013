import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { readmeSection } from "@nhn-images/test-support";
import { describe, expect, it } from "vitest";
import { PolicyError, readPolicy } from "../src/index.ts";

/** The README's policy example is a policy, and its validate output is what validate says. */
const readme = readFileSync(fileURLToPath(new URL("../../../README.md", import.meta.url)), "utf8");

describe("the README's policy", () => {
  const section = readmeSection(readme, "### A policy");
  const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? "";

  it("is valid, with the numbers it says", () => {
    const policy = readPolicy(yaml, "README.md");
    expect(policy.rules.map((rule) => [rule.name, rule.keepNewest, rule.unusedForDays])).toEqual([
      ["golden images", 3, 14],
      ["nightly backups", 1, 30],
    ]);
    expect(policy.exclude).toEqual({ tag: ["keep", "do-not-delete"], property: ["legal_hold"] });
  });

  it("shows the errors validate prints for the mistakes it shows", () => {
    const broken = yaml
      .replace("keepNewest: 3", "keepNewest: 0")
      .replace("graceDays: 3", "graceDay: 3");
    const error = (() => {
      try {
        readPolicy(broken, "retention.yaml");
      } catch (caught) {
        return caught as PolicyError;
      }
      throw new Error("no error");
    })();
    expect(error).toBeInstanceOf(PolicyError);
    const lines = error.issues.map((issue) => `retention.yaml: ${issue.path}: ${issue.message}`);
    for (const shown of section.split("\n").filter((line) => line.startsWith("retention.yaml: "))) {
      expect(lines).toContain(shown);
    }
  });
});
