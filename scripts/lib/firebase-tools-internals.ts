/**
 * The parts of firebase-tools' deploy pipeline the rehearsal runs, typed as far as it uses them.
 * firebase-tools ships no type declarations and these modules are its internals, so they are loaded
 * from the exact version the project pins (see package.json) and narrowed here, in one place.
 */
import { createRequire } from "node:module";

const requireFromRoot = createRequire(import.meta.url);

export interface FunctionsCodebaseConfig {
  source: string;
  codebase: string;
  runtime?: string;
  ignore?: string[];
}

export interface FirebaseConfig {
  projectId: string;
  storageBucket: string;
  locationId?: string;
}

export interface Build {
  runtime?: string;
  params: { name: string; type: string }[];
}

export interface Endpoint {
  id: string;
  region: string;
  platform: string;
  availableMemoryMb?: number;
  cpu?: number | string;
  concurrency?: number;
  maxInstances?: number;
  minInstances?: number;
  timeoutSeconds?: number;
  httpsTrigger?: object;
  eventTrigger?: { eventType: string; eventFilterPathPatterns?: Record<string, string>; retry?: boolean };
  scheduleTrigger?: { schedule: string };
  secretEnvironmentVariables?: { key: string }[];
}

export interface Backend {
  endpoints: Record<string, Record<string, Endpoint>>;
}

interface ParamValue {
  toString(): string;
  internal?: boolean;
}

export interface ConfigInstance {
  src: { functions: unknown };
  projectDir: string;
  path(name: string): string;
}

interface FirebaseTools {
  Config: new (src: unknown, options: { projectDir: string; cwd: string }) => ConfigInstance;
  normalizeAndValidate(src: unknown): FunctionsCodebaseConfig[];
  loadCodebases(
    config: FunctionsCodebaseConfig[],
    options: { config: ConfigInstance; project: string; projectId: string; nonInteractive: boolean },
    firebaseConfig: FirebaseConfig,
    runtimeConfig: Record<string, unknown>,
    filters: undefined,
  ): Promise<Record<string, Build>>;
  resolveBackend(options: {
    build: Build;
    firebaseConfig: FirebaseConfig;
    userEnvs: Record<string, string>;
    nonInteractive: boolean;
    isEmulator: boolean;
  }): Promise<{ backend: Backend; envs: Record<string, ParamValue> }>;
  resolveCpuAndConcurrency(backend: Backend): void;
  endpointsAreValid(backend: Backend): void;
  allEndpoints(backend: Backend): Endpoint[];
  loadUserEnvs(options: { functionsSource: string; projectId: string; projectAlias?: string }): Record<string, string>;
  loadFirebaseEnvs(firebaseConfig: FirebaseConfig, projectId: string): Record<string, string>;
  prepareFunctionsUpload(
    sourceDir: string,
    config: FunctionsCodebaseConfig,
  ): Promise<{ pathToSource: string; hash: string } | undefined>;
  unzip(zipPath: string, outputDir: string): Promise<void>;
  guardVersionSupport(runtime: string, now?: Date): void;
  RUNTIMES: Record<string, { friendly: string; deprecationDate: string; decommissionDate: string }>;
}

function load(path: string): unknown {
  return requireFromRoot(`firebase-tools/lib/${path}`);
}

export function firebaseTools(): FirebaseTools {
  const { Config } = load("config") as Pick<FirebaseTools, "Config">;
  const projectConfig = load("functions/projectConfig") as Pick<FirebaseTools, "normalizeAndValidate">;
  const prepare = load("deploy/functions/prepare") as Pick<FirebaseTools, "loadCodebases" | "resolveCpuAndConcurrency">;
  const build = load("deploy/functions/build") as Pick<FirebaseTools, "resolveBackend">;
  const validate = load("deploy/functions/validate") as Pick<FirebaseTools, "endpointsAreValid">;
  const backend = load("deploy/functions/backend") as Pick<FirebaseTools, "allEndpoints">;
  const env = load("functions/env") as Pick<FirebaseTools, "loadUserEnvs" | "loadFirebaseEnvs">;
  const upload = load("deploy/functions/prepareFunctionsUpload") as Pick<FirebaseTools, "prepareFunctionsUpload">;
  const unzip = load("unzip") as Pick<FirebaseTools, "unzip">;
  const supported = load("deploy/functions/runtimes/supported") as Pick<
    FirebaseTools,
    "guardVersionSupport" | "RUNTIMES"
  >;
  return {
    Config,
    normalizeAndValidate: projectConfig.normalizeAndValidate,
    loadCodebases: prepare.loadCodebases,
    resolveCpuAndConcurrency: prepare.resolveCpuAndConcurrency,
    resolveBackend: build.resolveBackend,
    endpointsAreValid: validate.endpointsAreValid,
    allEndpoints: backend.allEndpoints,
    loadUserEnvs: env.loadUserEnvs,
    loadFirebaseEnvs: env.loadFirebaseEnvs,
    prepareFunctionsUpload: upload.prepareFunctionsUpload,
    unzip: unzip.unzip,
    guardVersionSupport: supported.guardVersionSupport,
    RUNTIMES: supported.RUNTIMES,
  };
}
