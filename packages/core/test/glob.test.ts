import { Glob } from "@nhn-images/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { oracleGlobMatches } from "./oracle.ts";

const matches = (pattern: string, text: string) => Glob.compile(pattern).matches(text);

describe("Glob", () => {
  it("matches without wildcards exactly, ignoring case", () => {
    expect(matches("Ubuntu Server", "ubuntu server")).toBe(true);
    expect(matches("Ubuntu", "Ubuntu Server")).toBe(false);
    expect(matches("", "")).toBe(true);
    expect(matches("", "x")).toBe(false);
  });

  it("reads * as any run and ? as one character", () => {
    expect(matches("ubuntu*22.04*", "Ubuntu Server 22.04.5 LTS (2026.03.10)")).toBe(true);
    expect(matches("*lts*", "Ubuntu Server 22.04.5 LTS")).toBe(true);
    expect(matches("rocky ?.10*", "Rocky 8.10 (2026)")).toBe(true);
    expect(matches("rocky ?.10*", "Rocky 10.10")).toBe(false);
    expect(matches("*", "")).toBe(true);
    expect(matches("?", "")).toBe(false);
    expect(matches("a*b*a", "aba")).toBe(true);
    expect(matches("ab*ab", "ab")).toBe(false);
  });

  it("treats escaped wildcards as literals", () => {
    expect(matches("100\\%\\*", "100%*")).toBe(true);
    expect(matches("a\\*", "ab")).toBe(false);
    expect(matches("what\\?", "what?")).toBe(true);
    expect(matches("back\\\\slash", "back\\slash")).toBe(true);
    expect(() => Glob.compile("dangling\\")).toThrow(/escape/);
  });

  it("counts an astral character as one", () => {
    expect(matches("?x", "😀x")).toBe(true);
    expect(matches("??x", "😀x")).toBe(false);
  });

  it("folds case the same way for a word-final sigma", () => {
    expect(matches("ΟΔΟΣ", "οδος")).toBe(true);
    expect(matches("οδοσ*", "ΟΔΟΣ")).toBe(true);
  });

  it("compares in NFC with each character case-folded on its own (DESIGN.md, round 2)", () => {
    expect(matches("?stanbul*", "İstanbul Server")).toBe(true);
    expect(matches("istanbul", "İSTANBUL")).toBe(true);
    expect(matches("ıstanbul", "Istanbul")).toBe(true);
    expect(matches("ſtraße", "STRASSE")).toBe(false);
    expect(matches("straße", "STRAẞE")).toBe(true);
    const nfc = "우분투 서버";
    const nfd = nfc.normalize("NFD");
    expect(nfd).not.toBe(nfc);
    expect(matches(nfc, nfd)).toBe(true);
    expect(matches(nfd, nfc)).toBe(true);
    expect(matches("??? 서버", nfd)).toBe(true);
    expect(matches("e\u0301*", "É")).toBe(true);
  });

  it("agrees with a dynamic-programming oracle on random patterns", () => {
    const alphabet = fc.constantFrom(
      "a",
      "b",
      "A",
      "*",
      "?",
      "\\",
      "é",
      "😀",
      "İ",
      "ı",
      "ſ",
      "e\u0301",
      "ᄒ",
      "ᅡ",
      "ᆫ",
    );
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 8 }),
        fc.array(
          fc.constantFrom(
            "a",
            "b",
            "A",
            "é",
            "😀",
            "*",
            "i",
            "I",
            "s",
            "e\u0301",
            "한",
            "ᄒ",
            "ᅡ",
            "ᆫ",
          ),
          {
            maxLength: 12,
          },
        ),
        (p, t) => {
          const pattern = p.join("");
          const text = t.join("");
          let glob: Glob;
          try {
            glob = Glob.compile(pattern);
          } catch {
            return pattern.endsWith("\\");
          }
          return glob.matches(text) === oracleGlobMatches(pattern, text);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
