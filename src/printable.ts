/**
 * `text` safe to print on a terminal on one line: control characters (C0, DEL, C1), line and
 * paragraph separators and bidirectional overrides are written as \uXXXX escapes. Input files and
 * services can hold them; printed raw they could rewrite what the operator sees.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
