/**
 * Text hidden inside a question in an encoding a model could read: base64, hex, percent and
 * `\u`/`\x` escapes, HTML entities, ROT13 and reversal. Each decoding that reads as text is
 * screened like the question itself, so an encoded instruction is found in its plain form.
 */
export function hiddenTexts(text: string): string[] {
  const out = new Set<string>();
  for (const match of text.matchAll(/[A-Za-z0-9+/_-]{16,}={0,2}/g)) addReadable(out, Buffer.from(match[0].replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8'));
  for (const match of text.matchAll(/(?:[0-9a-fA-F]{2}[\s:]?){8,}/g)) addReadable(out, Buffer.from(match[0].replace(/[\s:]/g, ''), 'hex').toString('utf8'));
  if (/%[0-9a-fA-F]{2}/.test(text)) addReadable(out, safely(() => decodeURIComponent(text.replace(/\+/g, ' '))));
  if (/\\(?:u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2})/.test(text)) {
    addReadable(out, text.replace(/\\u([0-9a-fA-F]{4})|\\x([0-9a-fA-F]{2})/g, (_, u: string | undefined, x: string | undefined) => String.fromCharCode(parseInt(u ?? x!, 16))));
  }
  if (/&#x?[0-9a-fA-F]+;/.test(text)) addReadable(out, text.replace(/&#(x?)([0-9a-fA-F]+);/g, (_, hex: string, digits: string) => String.fromCodePoint(parseInt(digits, hex ? 16 : 10))));
  out.add(rot13(text));
  out.add([...text].reverse().join(''));
  out.delete(text);
  return [...out];
}

function rot13(text: string): string {
  return text.replace(/[a-zA-Z]/g, (c) => {
    const base = c <= 'Z' ? 65 : 97;
    return String.fromCharCode(((c.charCodeAt(0) - base + 13) % 26) + base);
  });
}

function safely(decode: () => string): string {
  try {
    return decode();
  } catch {
    return '';
  }
}

/** Keeps a decoding only when it reads as text: printable, with letters and a space. */
function addReadable(out: Set<string>, decoded: string): void {
  if (decoded.length < 6 || !/[a-zA-Z]{2}/.test(decoded) || !/\s/.test(decoded)) return;
  const printable = [...decoded].filter((c) => /[\p{L}\p{N}\p{P}\p{Zs}\p{S}]/u.test(c)).length;
  if (printable / [...decoded].length >= 0.95) out.add(decoded);
}
