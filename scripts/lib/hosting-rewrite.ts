/**
 * The web app reaches the API through Firebase Hosting's rewrite of /api/** to the api function. A
 * rewrite names the function's id and region by hand; if either drifts from what is deployed (for
 * example FUNCTIONS_REGION changes), every API call from the app fails after a "successful" deploy.
 */
export interface HostingConfig {
  hosting?: { rewrites?: { source: string; function?: { functionId: string; region?: string } }[] };
}

export interface DeployedFunction {
  id: string;
  region: string;
}

/** What is wrong with the Hosting rewrites of functions, given the functions a deploy would create. */
export function hostingRewriteProblems(config: HostingConfig, functions: DeployedFunction[]): string[] {
  const problems: string[] = [];
  const rewrites = (config.hosting?.rewrites ?? []).filter((rewrite) => rewrite.function);
  if (!rewrites.some((rewrite) => rewrite.source === "/api/**")) {
    problems.push('firebase.json: Hosting has no rewrite of "/api/**" to the api function; the web app needs it.');
  }
  for (const rewrite of rewrites) {
    const target = rewrite.function;
    if (!target) continue;
    const region = target.region ?? "us-central1";
    const deployed = functions.find((candidate) => candidate.id === target.functionId);
    if (!deployed) {
      problems.push(
        `firebase.json: the rewrite of "${rewrite.source}" names a function "${target.functionId}" that is not deployed.`,
      );
    } else if (deployed.region !== region) {
      problems.push(
        `firebase.json: the rewrite of "${rewrite.source}" goes to ${target.functionId} in ${region}, ` +
          `but it deploys to ${deployed.region} (FUNCTIONS_REGION): set the rewrite's region to ${deployed.region}.`,
      );
    }
  }
  return problems;
}
