// The workspace's arrows (DESIGN.md, "Layout"): functions and the command → lifecycle →
// inventory → core, the simulator → core, and nothing → a function; each package's files import
// one another without a circle; every package says what it is for in a README. Read from the
// sources themselves: every import, type-only and dynamic ones included.
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));

/** Which workspace packages each package's sources may import. */
const ALLOWED: Record<string, readonly string[]> = {
  "@nhn-images/core": [],
  "@nhn-images/inventory": ["@nhn-images/core"],
  "@nhn-images/lifecycle": ["@nhn-images/core", "@nhn-images/inventory"],
  "@nhn-images/simulator": ["@nhn-images/core"],
  "@nhn-images/test-support": ["@nhn-images/core"],
  "@nhn-images/cli": [
    "@nhn-images/core",
    "@nhn-images/inventory",
    "@nhn-images/lifecycle",
    "@nhn-images/simulator",
  ],
  "@nhn-images/list-images": ["@nhn-images/core", "@nhn-images/inventory", "@nhn-images/lifecycle"],
  "@nhn-images/export-inventory": ["@nhn-images/core", "@nhn-images/inventory"],
  "@nhn-images/plan-lifecycle": [
    "@nhn-images/core",
    "@nhn-images/inventory",
    "@nhn-images/lifecycle",
  ],
};

interface WorkspacePackage {
  readonly name: string;
  readonly directory: string;
  readonly dependencies: ReadonlySet<string>;
}

const workspace: WorkspacePackage[] = ["packages", "functions"].flatMap((group) =>
  readdirSync(join(root, group))
    .map((entry) => join(root, group, entry))
    .filter((directory) => existsSync(join(directory, "package.json")))
    .map((directory) => {
      const manifest = JSON.parse(readFileSync(join(directory, "package.json"), "utf8"));
      return {
        name: manifest.name as string,
        directory,
        dependencies: new Set(Object.keys(manifest.dependencies ?? {})),
      };
    }),
);

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((entry) => {
    const path = join(directory, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|mts)$/.test(entry) ? [path] : [];
  });
}

/** Every module specifier a file names: `import … from`, `export … from`, `import("…")`. */
function specifiersOf(file: string): string[] {
  const source = readFileSync(file, "utf8");
  const found = source.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^import\s+)"([^"]+)"/gm);
  return [...found].map((match) => match[1] as string);
}

/** Circles among `files` through their relative imports: each as the files it joins. */
function importCircles(files: readonly string[]): string[][] {
  const edges = new Map<string, string[]>();
  for (const file of files) {
    const targets = specifiersOf(file)
      .filter((specifier) => specifier.startsWith("."))
      .map((specifier) => resolve(dirname(file), specifier));
    edges.set(file, targets);
  }
  // Tarjan's strongly connected components: any with two files or more is a circle.
  let counter = 0;
  const order = new Map<string, number>();
  const lowest = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  const visit = (file: string): void => {
    order.set(file, counter);
    lowest.set(file, counter);
    counter += 1;
    stack.push(file);
    onStack.add(file);
    for (const target of edges.get(file) ?? []) {
      if (!edges.has(target)) continue;
      if (!order.has(target)) {
        visit(target);
        lowest.set(file, Math.min(lowest.get(file) ?? 0, lowest.get(target) ?? 0));
      } else if (onStack.has(target)) {
        lowest.set(file, Math.min(lowest.get(file) ?? 0, order.get(target) ?? 0));
      }
    }
    if (lowest.get(file) !== order.get(file)) return;
    const component: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop();
      if (member === undefined) break;
      onStack.delete(member);
      component.push(relative(root, member));
    } while (member !== file);
    if (component.length > 1) circles.push(component.sort());
  };
  for (const file of edges.keys()) if (!order.has(file)) visit(file);
  return circles;
}

describe("the workspace's arrows", () => {
  it("knows every package it checks", () => {
    expect(workspace.map((p) => p.name).filter((name) => !(name in ALLOWED))).toEqual([]);
    expect(workspace.map((p) => p.name)).toEqual(
      expect.arrayContaining(["@nhn-images/core", "@nhn-images/inventory"]),
    );
  });

  it.each(workspace.map((p) => [p.name, p] as const))(
    "%s's sources import only the packages below it, each a declared dependency",
    (name, pkg) => {
      const imported = new Set<string>();
      for (const file of sourceFiles(join(pkg.directory, "src"))) {
        for (const specifier of specifiersOf(file)) {
          const match = /^(@nhn-images\/[a-z-]+)/.exec(specifier);
          if (match !== null && match[1] !== name) imported.add(match[1] as string);
          // A relative import may not leave the package (core reaching into the inventory).
          if (specifier.startsWith(".")) {
            const target = resolve(dirname(file), specifier);
            expect(relative(pkg.directory, target).startsWith(".."), `${file}: ${specifier}`).toBe(
              false,
            );
          }
        }
      }
      expect([...imported].filter((dependency) => !ALLOWED[name]?.includes(dependency))).toEqual(
        [],
      );
      expect([...imported].filter((dependency) => !pkg.dependencies.has(dependency))).toEqual([]);
    },
  );

  it("imports no function from anywhere", () => {
    const functions = workspace.filter((p) => p.directory.includes("/functions/"));
    for (const pkg of workspace) {
      for (const file of sourceFiles(join(pkg.directory, "src"))) {
        for (const specifier of specifiersOf(file)) {
          for (const fn of functions) {
            if (fn === pkg) continue;
            expect(specifier.startsWith(fn.name), `${file} imports ${specifier}`).toBe(false);
          }
        }
      }
    }
  });

  it.each(workspace.map((p) => [p.name, p] as const))(
    "%s's files form no import circle",
    (_name, pkg) => {
      expect(importCircles(sourceFiles(join(pkg.directory, "src")))).toEqual([]);
    },
  );

  it("finds a circle through a type-only or a dynamic import, and none where there is none", () => {
    // The finder itself, on the shape of the list function's old circle: a module that takes a
    // type from the one that imports it.
    const directory = mkdtempSync(join(tmpdir(), "nhn-images-arrows-"));
    try {
      const write = (name: string, text: string) => writeFileSync(join(directory, name), text);
      write(
        "handler.ts",
        'import { runtime } from "./runtime.ts";\nexport const handler = runtime;\n',
      );
      write(
        "runtime.ts",
        'import type { Dependencies } from "./handler.ts";\nexport const runtime = 1;\n',
      );
      write("route.ts", 'export const route = () => import("./lazy.ts");\n');
      write("lazy.ts", 'import { route } from "./route.ts";\nexport const lazy = route;\n');
      write("alone.ts", 'import { handler } from "./handler.ts";\nexport const alone = handler;\n');
      const circles = importCircles(sourceFiles(directory)).map((circle) =>
        circle.map((file) => file.slice(file.lastIndexOf("/") + 1)),
      );
      expect(circles.sort()).toEqual([
        ["handler.ts", "runtime.ts"],
        ["lazy.ts", "route.ts"],
      ]);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it.each(workspace.map((p) => [p.name, p] as const))(
    "%s has a README that says what it is for",
    (_name, pkg) => {
      const readme = join(pkg.directory, "README.md");
      expect(existsSync(readme), readme).toBe(true);
      expect(readFileSync(readme, "utf8").length).toBeGreaterThan(400);
    },
  );
});
