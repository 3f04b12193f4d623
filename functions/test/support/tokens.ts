/** Emulator ID tokens are unsigned JWTs (alg "none"); these helpers read and forge them for attacks. */
export function decodeJwtPayload(token: string): Record<string, unknown> {
  const payload = token.split(".")[1] ?? "";
  return JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
}

export function forgeToken(claims: Record<string, unknown>): string {
  const header = Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url");
  const payload = Buffer.from(JSON.stringify(claims)).toString("base64url");
  return `${header}.${payload}.`;
}

/** The same token, claimed for another Firebase project. */
export function tokenForOtherProject(token: string, otherProject = "demo-someone-else"): string {
  return forgeToken({
    ...decodeJwtPayload(token),
    aud: otherProject,
    iss: `https://securetoken.google.com/${otherProject}`,
  });
}

/** Revocation has one-second granularity (auth_time is in seconds): step past the token's second. */
export async function waitForNextSecond(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 1100 - (Date.now() % 1000)));
}
