/**
 * `tsc -p <tsconfig>`, in this process: the same compiler (the project's TypeScript), program,
 * options and diagnostics, printed as tsc prints them. The projects these tests compile share the
 * compiler's own library files (lib.dom.d.ts and the rest), parsed once per test worker rather than
 * once per compile, and no Node process starts for each: five compiles cost about a third of the CPU.
 */
import { dirname } from "node:path";
import ts from "typescript";

const libraries = new Map<string, ts.SourceFile>();

function formatted(diagnostics: readonly ts.Diagnostic[], directory: string): string {
  return ts.formatDiagnostics(diagnostics, {
    getCanonicalFileName: (fileName) => fileName,
    getCurrentDirectory: () => directory,
    getNewLine: () => "\n",
  });
}

/** Compiles (and emits, unless noEmit) the project; throws with tsc's report if it has any error. */
export function compileProject(configPath: string): void {
  const directory = dirname(configPath);
  const config = ts.getParsedCommandLineOfConfigFile(configPath, undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(formatted([diagnostic], directory));
    },
  });
  if (!config) throw new Error(`${configPath} could not be read`);
  const host = ts.createCompilerHost(config.options);
  const libraryDirectory = dirname(ts.getDefaultLibFilePath(config.options));
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    if (!fileName.startsWith(libraryDirectory)) return read(fileName, languageVersion, onError, shouldCreate);
    const key = `${fileName} ${JSON.stringify(languageVersion)}`;
    const known = libraries.get(key);
    if (known) return known;
    const parsed = read(fileName, languageVersion, onError, shouldCreate);
    if (parsed) libraries.set(key, parsed);
    return parsed;
  };
  const program = ts.createProgram({
    rootNames: config.fileNames,
    options: config.options,
    host,
    ...(config.projectReferences ? { projectReferences: config.projectReferences } : {}),
  });
  const emitted = program.emit();
  const diagnostics = [...config.errors, ...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics];
  if (diagnostics.some((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error))
    throw new Error(`tsc -p ${configPath} failed:\n${formatted(diagnostics, directory)}`);
}
