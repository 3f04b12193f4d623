/** npm run rehearse: the deploy rehearsed offline (see scripts/lib/deploy-rehearsal.ts). Needs `npm run build` first. */
import { projectRoot, REHEARSAL_DEFAULTS, RehearsalFailure, rehearseDeploy } from "./lib/deploy-rehearsal.js";

try {
  await rehearseDeploy({
    root: projectRoot,
    ...REHEARSAL_DEFAULTS,
    log: (line) => {
      console.log(line);
    },
  });
} catch (error) {
  console.error(`\nDeploy rehearsal failed: ${error instanceof RehearsalFailure ? error.message : String(error)}`);
  if (!(error instanceof RehearsalFailure) && error instanceof Error && error.stack) console.error(error.stack);
  process.exitCode = 1;
}
