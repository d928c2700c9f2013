// The family rule of DESIGN.md ("Family"), over the names NHN publishes (its API guide's
// example, its release notes' images written as the API names them) and the stamps the rule
// names, including the names that must keep their numbers.

import { generateImage } from "@nhn-images/simulator";
import { describe, expect, it } from "vitest";
import { familyOf } from "../src/schemas/image-family.ts";

const cases: readonly [name: string, family: string, why: string][] = [
  ["CentOS 6.10 (2018.10.23)", "CentOS 6.10", "Compute-Image public-api.md's list example"],
  ["Ubuntu Server 24.04.3 LTS (2026.11.25)", "Ubuntu Server 24.04.3 LTS", "NHN's release stamp"],
  ["Windows 2019 STD (2026.11.21) EN", "Windows 2019 STD EN", "a stamp inside the name"],
  ["Windows 2022 STD (2026.03.10) KO", "Windows 2022 STD KO", "NHN's Korean Windows"],
  [
    "Ubuntu Server 22.04.5 LTS for Deep Learning v6.0.0 (2025.04.29)",
    "Ubuntu Server 22.04.5 LTS for Deep Learning v6.0.0",
    "a dotted version is no -vN stamp",
  ],
  ["Ubuntu Server 24.04 LTS", "Ubuntu Server 24.04 LTS", "a version, no stamp: kept"],
  ["dev-web-1234", "dev-web-1234", "four digits are no date"],
  ["prod-web-01-golden-20261117", "prod-web-01-golden", "a trailing YYYYMMDD"],
  ["web_2026-11-17", "web", "a trailing dashed date"],
  ["golden 20261117", "golden", "a space before the stamp"],
  ["web-20261117-0930", "web", "a date and a four-digit time"],
  ["web-20261117T093000", "web", "a date, T and a six-digit time"],
  ["web.20261117.093000", "web", "dots as separators"],
  ["web-20261117-09", "web-20261117-09", "two digits are no time: nothing trails the date"],
  ["web-202611170", "web-202611170", "nine digits are no date"],
  ["app-v12", "app", "a trailing -vN"],
  ["app_v3", "app", "a trailing _vN"],
  ["app-v12-beta", "app-v12-beta", "-vN only at the end"],
  ["20261117", "20261117", "a stamp with no separator is the name"],
  ["-20261117", "-20261117", "nothing left: the whole name"],
  ["", "", "a nameless image"],
  ["Ubuntu  Server (2026.11.25)  LTS", "Ubuntu Server LTS", "runs of spaces collapse"],
  ["X (2026.11.25) (2026.12.01)", "X (2026.12.01)", "only the first release stamp"],
  ["Foo (2026.11.25)-20261117", "Foo-20261117", "the release stamp wins over a trailing one"],
  ["  padded-20261117", "padded", "trimmed"],
  // NHN's own documents name its releases with a space before the stamp (the API's example, NKS
  // user guide's worker-node image table, Block Storage's volume metadata example)…
  ["Rocky Linux 9.7 (2026.03.10)", "Rocky Linux 9.7", "Container-Kubernetes user-guide.md"],
  ["Ubuntu Server 22.04.5 LTS (2025.11.18)", "Ubuntu Server 22.04.5 LTS", "the same table"],
  ["Ubuntu Server 20.04.6 LTS (2023.11.21)", "Ubuntu Server 20.04.6 LTS", "volume metadata"],
  // …while the Compute release notes' prose writes `Name(YYYY.MM.DD.)`: DESIGN.md's stamp is
  // " (YYYY.MM.DD)", so those spellings are not cut (see the README's family section).
  ["Rocky Linux 9.7(2026.03.10.)", "Rocky Linux 9.7(2026.03.10.)", "release-notes prose"],
];

describe("familyOf", () => {
  it.each(cases)("%s → %s (%s)", (name, family) => {
    expect(familyOf(name, {})).toBe(family);
  });

  it("takes the image_family property first when it is a non-empty string", () => {
    expect(familyOf("prod-web-20261117", { image_family: "prod-web-golden" })).toBe(
      "prod-web-golden",
    );
    expect(familyOf("prod-web-20261117", { image_family: "" })).toBe("prod-web");
    expect(familyOf("prod-web-20261117", { image_family: "   " })).toBe("prod-web");
  });

  it("reads only the image's own property, never an inherited one", () => {
    const properties = Object.create({ image_family: "inherited" }) as Record<string, string>;
    expect(familyOf("app-v2", properties)).toBe("app");
  });
});

describe("the simulator's generated names", () => {
  it("give public releases their name without the date, and teams' images without theirs", () => {
    let publics = 0;
    for (let index = 0; index < 400; index++) {
      const image = generateImage(1, index);
      const family = familyOf(image.name, image.properties);
      expect(image.family).toBe(family);
      if (image.name === "") continue;
      expect(family, image.name).not.toMatch(/\(\d{4}\.|-\d{8}$/);
      if (image.visibility === "public") {
        publics++;
        expect(image.name.replace(/ \(\d{4}\.\d{2}\.\d{2}\)/, ""), image.name).toBe(family);
      } else {
        expect(image.name, image.name).toBe(
          `${family}-${image.createdAt.slice(0, 10).replaceAll("-", "")}`,
        );
      }
    }
    expect(publics).toBeGreaterThan(50);
  });
});
