/**
 * A small hash router: the page is the part of the URL after #, so Hosting serves one index.html for
 * every page and a page's URL (an order's, say) can be shared, bookmarked or opened offline.
 *
 * Links from Firebase's emails (password reset, email verification) arrive as a query instead
 * (`/?mode=resetPassword&oobCode=...`), which is what an email action URL set to the site's root gives.
 */
import { useEffect, useState } from "preact/hooks";

export function currentPath(): string {
  return location.hash.replace(/^#/, "") || "/";
}

export function useRoute(): string {
  const [path, setPath] = useState(currentPath);
  useEffect(() => {
    const update = () => {
      setPath(currentPath());
    };
    addEventListener("hashchange", update);
    return () => {
      removeEventListener("hashchange", update);
    };
  }, []);
  return path;
}

/** Opens a page, as following a link would (Back returns here). */
export function go(path: string): void {
  location.hash = path;
}

/**
 * Opens a page in place of the current one, so Back skips it: for a step that is done and must not be
 * repeated (proving a phone number, following an email link).
 */
export function replace(path: string): void {
  const url = `${location.pathname}#${path}`;
  if (`${location.pathname}${location.search}${location.hash}` === url) return;
  history.replaceState(history.state, "", url);
  dispatchEvent(new HashChangeEvent("hashchange"));
}

/** A Firebase email action the page was opened with, if any. */
export interface EmailAction {
  mode: string;
  code: string;
}

export function emailAction(): EmailAction | undefined {
  const query = new URLSearchParams(location.search);
  const mode = query.get("mode");
  const code = query.get("oobCode");
  return mode && code ? { mode, code } : undefined;
}

/** A route's pattern with `:name` segments, matched against a path: the named values, or undefined. */
export function match(pattern: string, path: string): Record<string, string> | undefined {
  const names: string[] = [];
  const source = pattern.replace(/:([a-z]+)/g, (_, name: string) => {
    names.push(name);
    return "([^/]+)";
  });
  const found = new RegExp(`^${source}/?$`).exec(path);
  if (!found) return undefined;
  return Object.fromEntries(names.map((name, index) => [name, decodeURIComponent(found[index + 1] ?? "")]));
}
