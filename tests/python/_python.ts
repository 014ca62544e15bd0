/** Shared by the Python tests: which of the modules python3 cannot import. */

/** `null` when python3 imports every module, else the reason (for the skip message). */
export async function missingPythonModules(modules: string[]): Promise<string | null> {
  try {
    const probe = await new Deno.Command("python3", {
      args: ["-c", `import ${modules.join(", ")}`],
      stdout: "null",
      stderr: "piped",
    }).output();
    if (probe.success) return null;
    return new TextDecoder().decode(probe.stderr).trim().split("\n").at(-1) ?? "import failed";
  } catch {
    return "python3 not found";
  }
}

/** The repository root (a path ending in `/`). */
export const ROOT = new URL("../../", import.meta.url).pathname;
