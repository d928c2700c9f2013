/**
 * What a terminal would act on rather than show: C0 controls but line feed and tab (ESC starts
 * every escape sequence: `ESC]0;…BEL` retitles the window, `ESC[2J` clears it; a carriage
 * return overwrites the line), DEL and the C1 controls (CSI `U+009B` is ESC `[` on many
 * terminals), and the bidirectional controls that reorder what follows them (`abc\u202Egnp.exe`
 * shows as `abcexe.png`): embeddings and overrides U+202A–U+202E, isolates U+2066–U+2069, the
 * marks U+200E, U+200F and U+061C.
 */
const TERMINAL_ACTIVE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * `text` as a terminal may safely show it: each character it would act on becomes `�` (so a
 * reader sees that something was there). Image names and descriptions come from other projects
 * (shared and community images): nothing they hold may drive the terminal.
 */
export function terminalText(text: string): string {
  return text.replace(TERMINAL_ACTIVE, "\ufffd");
}
