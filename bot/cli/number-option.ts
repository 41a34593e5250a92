import { InvalidArgumentError } from 'commander';

/** A commander option parser for a whole number ≥ `min`; a bad value names the flag and the bound. */
export function wholeNumber(flag: string, min = 0) {
  return (value: string): number => {
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(Number(value)) || Number(value) < min) throw new InvalidArgumentError(`${flag} takes a whole number ≥ ${min}`);
    return Number(value);
  };
}
