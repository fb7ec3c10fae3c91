/**
 * `text` safe to print on a terminal on one line: control characters (C0, DEL, C1), line and
 * paragraph separators, bidirectional overrides and invisible characters (zero-width spaces and
 * joiners, soft hyphen, byte order mark, fillers) are written as \uXXXX escapes. Input files and
 * services can hold them; printed raw they could rewrite what the operator sees.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufeff\uffa0]/g, escape);
}

/**
 * `text` in printable ASCII: every other character as a \uXXXX escape. For values quoted in a
 * message: a refused value with a zero-width character or a Cyrillic "а" in place of a Latin "a"
 * would otherwise look exactly like a valid one.
 */
export function ascii(text: string): string {
  return text.replace(/[^\u0020-\u007e]/g, escape);
}

const escape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
