/**
 * Order numbers: two upper-case letters from the item (padded with X), then the UTC time as
 * YYYYMMDDHHMMSS, then, only when that is already taken, a short random suffix.
 */
import { randomInt } from "node:crypto";

const SUFFIX_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"; // no 0/O or 1/I look-alikes
const SUFFIX_LENGTH = 4;

export function orderNumberPrefix(item: string): string {
  const letters = item
    .normalize("NFKD")
    .replace(/[^A-Za-z]/g, "")
    .toUpperCase();
  return letters.slice(0, 2).padEnd(2, "X");
}

function utcStamp(at: Date): string {
  return at.toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

export function baseOrderNumber(item: string, at: Date): string {
  return `${orderNumberPrefix(item)}${utcStamp(at)}`;
}

/** A random suffix: concurrent creators that collide pick different ones instead of queueing up. */
export function randomSuffix(): string {
  let suffix = "";
  for (let i = 0; i < SUFFIX_LENGTH; i++) suffix += SUFFIX_ALPHABET.charAt(randomInt(SUFFIX_ALPHABET.length));
  return suffix;
}

export function withSuffix(base: string, suffix: string = randomSuffix()): string {
  return `${base}-${suffix}`;
}
