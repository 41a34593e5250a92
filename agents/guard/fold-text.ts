/**
 * Text folded for screening, so that disguise does not hide a pattern: Unicode compatibility forms
 * (full-width, ligatures, math letters), invisible characters and accents removed, Cyrillic and
 * Greek look-alikes mapped to Latin, leetspeak digits and symbols to letters, and words spelled
 * out letter by letter (`l i s t`, `t.o.o.l.s`, `p-r-o-m-p-t`) joined again.
 */

/** Zero-width spaces and joiners, word joiner, BOM, soft hyphen, bidi controls. */
const INVISIBLE = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/g;
/** Accents on Latin letters only: a Japanese sound mark (プ) is part of its letter. */
const LATIN_ACCENTS = /(?<=[a-z])\p{M}+/gu;

const LOOK_ALIKES: Record<string, string> = {
  // Cyrillic
  а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x', і: 'i', ї: 'i', ј: 'j', ѕ: 's', ԁ: 'd', ԛ: 'q', ԝ: 'w', ɡ: 'g',
  // Greek
  α: 'a', β: 'b', ε: 'e', η: 'n', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', ω: 'w', γ: 'y',
};
const LOOK_ALIKE = new RegExp(`[${Object.keys(LOOK_ALIKES).join('')}]`, 'g');

const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '@': 'a', $: 's', '!': 'i', '|': 'l', '+': 't' };

/** Lower case, compatibility forms, no invisible characters, no accents on Latin letters; every script kept. */
export function plainText(text: string): string {
  return text.normalize('NFKC').replace(INVISIBLE, '').toLowerCase().normalize('NFD').replace(LATIN_ACCENTS, '').normalize('NFC');
}

/**
 * `plainText` read as Latin: look-alike letters mapped, leetspeak read as letters and spelled-out
 * words joined (words apart by more than one separator stay apart).
 */
export function foldText(text: string): string {
  return plainText(text)
    .replace(LOOK_ALIKE, (c) => LOOK_ALIKES[c]!)
    // In a word with a letter in it, digits and symbols are letters (`5L4CK_T0K3N`); a number stays a number.
    .replace(/[\p{L}\p{N}@$]+(?:[!|+][\p{L}\p{N}@$]+)*/gu, (word) => (/\p{L}/u.test(word) ? word.replace(/[0134578@$!|+]/g, (c) => LEET[c]!) : word))
    .replace(/(?<=\b[a-z0-9])[ .\-_*](?=[a-z0-9]\b)/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The folded text without any separator: what is left of a phrase spelled out letter by letter with no gap between words. */
export function compactText(text: string): string {
  return foldText(text).replace(/[^\p{L}\p{N}]+/gu, '');
}
