import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { en } from "../src/i18n/en.js";
import { sw } from "../src/i18n/sw.js";
import {
  cspHash,
  firebaseJsonWithFirstPaintHashes,
  FIRST_PAINT_SCRIPT,
  FIRST_PAINT_STYLE,
  firstPaintBody,
  missingFromPolicy,
  withFirstPaintHashes,
} from "./first-paint.js";

const firebaseJson = readFileSync(resolve(import.meta.dirname, "../../firebase.json"), "utf8");

describe("The first paint", () => {
  it("When firebase.json is read, then its policy allows exactly the inline style and script the page carries", () => {
    expect(missingFromPolicy(firebaseJson)).toEqual([]);
    expect(firebaseJsonWithFirstPaintHashes(firebaseJson)).toBe(firebaseJson);
  });

  it("When the style or script changed, then the policy is found lacking and rewritten with the new hashes only", () => {
    const stale = firebaseJson.replaceAll(cspHash(FIRST_PAINT_SCRIPT), "'sha256-stale='");
    expect(missingFromPolicy(stale)).toEqual([`script-src lacks ${cspHash(FIRST_PAINT_SCRIPT)}`]);
    expect(firebaseJsonWithFirstPaintHashes(stale)).toBe(firebaseJson);
    const policy = "default-src 'self'; script-src 'self' 'sha256-old='; style-src 'self'; object-src 'none'";
    expect(withFirstPaintHashes(policy)).toBe(
      `default-src 'self'; script-src 'self' ${cspHash(FIRST_PAINT_SCRIPT)}; style-src 'self' ${cspHash(FIRST_PAINT_STYLE)}; object-src 'none'`,
    );
  });

  it("When the form is drawn, then its words are the app's own, in English with the Swahili beside them, and the shop's name is escaped", () => {
    const body = firstPaintBody('Mama <Njeri> & "Sons"', { en, sw });
    expect(body).toContain("Mama &lt;Njeri&gt; &amp; &quot;Sons&quot;");
    for (const [english, swahili] of [
      [en.fields.email, sw.fields.email],
      [en.fields.password, sw.fields.password],
      [en.signIn.title, sw.signIn.title],
      [en.signIn.submit, sw.signIn.submit],
      [en.frame.loading, sw.frame.loading],
    ] as const) {
      expect(body).toContain(`data-sw="${swahili}">${english}<`);
    }
    expect(body).toMatch(/<input type="email" id="email"[^>]*required>/);
    expect(body).toMatch(/<input type="password" id="password"[^>]*required>/);
  });
});
