// biome-ignore lint/suspicious/noControlCharactersInRegex: the whole ASCII range is meant
const ASCII = /^[\x00-\x7f]*$/;

/**
 * `text` as names and patterns are compared: Unicode NFC (so a Korean name typed in NFD matches
 * its NFC form), then each character case-folded on its own to exactly one character, so a
 * glob's `?` still matches one character of the name. `İ` folds to `i`, `ſ` to `s`, a final
 * `ς` to `σ`; `ß` stays `ß` (its full folding "ss" would be two characters).
 */
export function foldForMatching(text: string): string {
  if (ASCII.test(text)) return text.toLowerCase();
  const nfc = text.normalize("NFC");
  let folded = "";
  for (let i = 0; i < nfc.length; i++) {
    const code = nfc.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < nfc.length) {
      folded += foldCharacter(nfc.slice(i, i + 2)); // an astral character: one code point
      i++;
      continue;
    }
    let fold = bmpFolds[code];
    if (fold === undefined) {
      fold = foldCharacter(nfc.charAt(i));
      bmpFolds[code] = fold;
    }
    folded += fold;
  }
  return folded;
}

/**
 * Folds of the Basic Multilingual Plane by code unit, filled as characters are met: names
 * repeat the same few hundred characters. Astral characters (rare in names) are folded each time.
 */
const bmpFolds: (string | undefined)[] = new Array(0x10000);

/** One character (code point) case-folded to one character. */
export function foldCharacter(c: string): string {
  const viaUpper = c.toUpperCase().toLowerCase();
  // Upper then lower joins ſ with s and ς with σ; where it makes two characters (ß → ss) the
  // plain lower case is kept. A lower case of two characters (İ → i + U+0307) keeps its first.
  const pick = [...viaUpper].length === 1 ? viaUpper : c.toLowerCase();
  return [...pick.normalize("NFC")][0] ?? c;
}

/** Whether `text` is well-formed UTF-16 (no lone surrogate), so it can be put in a URL. */
export function isWellFormedUnicode(text: string): boolean {
  return !/\p{Cs}/u.test(text);
}
