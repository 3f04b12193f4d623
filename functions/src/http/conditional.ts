/** Conditional requests (RFC 9110): whether an `If-Match` header lets a change through. */

/** If-Match: "*" or a list of entity tags; weak tags never match (strong comparison). Absent: no condition. */
export function ifMatchSatisfied(header: string | undefined, current: string): boolean {
  if (header === undefined) return true;
  const tags = header.split(",").map((tag) => tag.trim());
  return tags.includes("*") || tags.includes(current);
}
