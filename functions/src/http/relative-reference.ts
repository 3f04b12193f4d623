/**
 * The same API is reached under different prefixes (a Hosting rewrite keeps /api, the
 * cloudfunctions.net URL strips the function name, the emulator adds project and region), and the
 * app cannot see which. A reference relative to the request's own path resolves right under all of
 * them, so Location headers use one.
 */
export function relativeReference(fromPath: string, toPath: string): string {
  const fromDirectory = fromPath
    .slice(0, fromPath.lastIndexOf("/") + 1)
    .split("/")
    .filter(Boolean);
  const target = toPath.split("/").filter(Boolean);
  let common = 0;
  while (common < fromDirectory.length && common < target.length && fromDirectory[common] === target[common]) {
    common++;
  }
  const up = "../".repeat(fromDirectory.length - common);
  const down = target.slice(common).join("/");
  const trailing = toPath.endsWith("/") && down.length > 0 ? "/" : "";
  return `${up}${down}${trailing}` || "./";
}
