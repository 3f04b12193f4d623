/**
 * Finds a locally installed Cloud Firestore emulator and makes it usable by firebase-tools.
 *
 * firebase-tools starts the emulator as `java -jar <FIRESTORE_EMULATOR_BINARY_PATH>`, but the jar the
 * Cloud SDK ships has no Main-Class. A jar holding only a manifest (Main-Class plus a Class-Path that
 * points at the SDK jar) bridges the two, so machines without internet can run the real emulator.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { crc32 } from "node:zlib";

const SDK_JAR = join("platform", "cloud-firestore-emulator", "cloud-firestore-emulator.jar");
const SDK_PUBSUB = join("platform", "pubsub-emulator", "bin", "cloud-pubsub-emulator");
const STANDARD_SDK_ROOTS = ["/usr/lib/google-cloud-sdk", "/usr/share/google-cloud-sdk", "/opt/google-cloud-sdk"];
const MAIN_CLASS = "com.google.cloud.datastore.emulator.firestore.CloudFirestore";

export interface LocalEmulators {
  /** The Cloud SDK Firestore emulator jar, or undefined when firebase-tools should download its own. */
  firestoreJar?: string;
  /** The Cloud SDK Pub/Sub emulator start script, when installed. */
  pubsubScript?: string;
}

function cloudSdkRoots(): string[] {
  const roots: string[] = [];
  try {
    const reported = execFileSync("gcloud", ["info", "--format=value(installation.sdk_root)"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
      timeout: 20_000,
    }).trim();
    if (reported) roots.push(reported);
  } catch {
    // No gcloud on this machine: fall back to the standard install locations.
  }
  return [...roots, ...STANDARD_SDK_ROOTS];
}

export function findLocalEmulators(env: NodeJS.ProcessEnv = process.env): LocalEmulators {
  const override = env.FIRESTORE_EMULATOR_JAR;
  if (override) {
    if (!existsSync(override)) {
      throw new Error(`FIRESTORE_EMULATOR_JAR points at ${override}, which does not exist.`);
    }
    return { firestoreJar: override };
  }
  for (const root of cloudSdkRoots()) {
    const jar = join(root, SDK_JAR);
    if (existsSync(jar)) {
      const pubsub = join(root, SDK_PUBSUB);
      return existsSync(pubsub) ? { firestoreJar: jar, pubsubScript: pubsub } : { firestoreJar: jar };
    }
  }
  return {};
}

/** A minimal stored (uncompressed) zip archive holding one file. Enough for a manifest-only jar. */
function zipWithOneFile(name: string, content: Buffer): Buffer {
  const nameBytes = Buffer.from(name, "utf8");
  const checksum = crc32(content);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(10, 4); // version needed
  local.writeUInt16LE(0, 6); // flags
  local.writeUInt16LE(0, 8); // method: stored
  local.writeUInt32LE(0, 10); // time and date
  local.writeUInt32LE(checksum, 14);
  local.writeUInt32LE(content.length, 18);
  local.writeUInt32LE(content.length, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  local.writeUInt16LE(0, 28);

  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4); // version made by
  central.writeUInt16LE(10, 6);
  central.writeUInt16LE(0, 8);
  central.writeUInt16LE(0, 10);
  central.writeUInt32LE(0, 12);
  central.writeUInt32LE(checksum, 16);
  central.writeUInt32LE(content.length, 20);
  central.writeUInt32LE(content.length, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  // extra, comment, disk, internal attributes, external attributes: all zero
  central.writeUInt32LE(0, 42); // offset of the local header

  const localSize = local.length + nameBytes.length + content.length;
  const centralSize = central.length + nameBytes.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(localSize, 16);
  return Buffer.concat([local, nameBytes, content, central, nameBytes, end]);
}

/** Manifest lines are limited to 72 bytes; longer values continue on lines that start with a space. */
function manifestLine(key: string, value: string): string {
  const full = `${key}: ${value}`;
  const lines = [full.slice(0, 72)];
  for (let i = 72; i < full.length; i += 71) lines.push(` ${full.slice(i, i + 71)}`);
  return lines.join("\r\n");
}

/**
 * Writes (once per SDK jar version) the manifest-only wrapper jar into cacheDir and returns its path.
 */
export function buildWrapperJar(sdkJar: string, cacheDir: string): string {
  const stamp = `${statSync(sdkJar).size}-${Math.trunc(statSync(sdkJar).mtimeMs)}`;
  const wrapper = join(cacheDir, `firestore-emulator-${stamp}.jar`);
  if (existsSync(wrapper)) return wrapper;
  const manifest = [
    "Manifest-Version: 1.0",
    manifestLine("Main-Class", MAIN_CLASS),
    manifestLine("Class-Path", sdkJar.split(" ").join("%20")),
    "",
    "",
  ].join("\r\n");
  mkdirSync(dirname(wrapper), { recursive: true });
  writeFileSync(wrapper, zipWithOneFile("META-INF/MANIFEST.MF", Buffer.from(manifest, "utf8")));
  return wrapper;
}

/** Reads the manifest back out of a wrapper jar: used by the tests of this module. */
export function readStoredZipEntry(zip: string): string {
  const bytes = readFileSync(zip);
  const nameLength = bytes.readUInt16LE(26);
  const size = bytes.readUInt32LE(18);
  const start = 30 + nameLength;
  return bytes.subarray(start, start + size).toString("utf8");
}

/** The Java major version on PATH, or undefined when there is no java at all. */
export function javaMajorVersion(): number | undefined {
  const result = spawnSync("java", ["-version"], { encoding: "utf8", timeout: 20_000 });
  if (result.error) return undefined;
  // java -version prints to stderr.
  return parseJavaVersion(`${result.stderr}${result.stdout}`);
}

export function parseJavaVersion(text: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(text);
  if (!match?.[1]) return undefined;
  const major = Number(match[1]);
  // Java 8 and older report themselves as 1.x.
  return major === 1 && match[2] ? Number(match[2]) : major;
}
