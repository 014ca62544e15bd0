import loadMujocoModule from "mujoco-js";
import type { MainModule } from "mujoco-js";

/** The loaded MuJoCo WebAssembly module (one per process). */
export type Mujoco = MainModule;

let modulePromise: Promise<Mujoco> | undefined;
const printed: string[] = [];
const PRINTED_MAX = 50;

function capture(line: string): void {
  printed.push(line);
  if (printed.length > PRINTED_MAX) printed.shift();
}

/**
 * Loads the MuJoCo WebAssembly module once per process (~250 ms the first time) and returns
 * the shared instance. What MuJoCo prints (load errors, warnings) is captured, never written
 * to stdout; read it with `takePrinted()`.
 */
export function loadMujoco(): Promise<Mujoco> {
  modulePromise ??= (loadMujocoModule as unknown as (opts: object) => Promise<Mujoco>)({
    print: capture,
    printErr: capture,
  });
  return modulePromise;
}

/** Returns and clears the lines MuJoCo printed since the last call. */
export function takePrinted(): string[] {
  return printed.splice(0, printed.length).filter((l) => l.trim() !== "");
}

// deno-lint-ignore no-explicit-any
type EmscriptenFs = any;

function fsOf(mj: Mujoco): EmscriptenFs {
  return (mj as unknown as { FS: EmscriptenFs }).FS;
}

/** Creates `dir` and its parents in the in-memory file system. */
function mkdirs(fs: EmscriptenFs, dir: string): void {
  let current = "";
  for (const part of dir.split("/").filter(Boolean)) {
    current += `/${part}`;
    if (!fs.analyzePath(current).exists) fs.mkdir(current);
  }
}

/** Writes text files under `root` in MuJoCo's in-memory file system. */
export function writeFiles(
  mj: Mujoco,
  root: string,
  files: Readonly<Record<string, string>>,
): void {
  const fs = fsOf(mj);
  for (const [path, text] of Object.entries(files)) {
    const full = `${root}/${path}`;
    mkdirs(fs, full.slice(0, full.lastIndexOf("/")));
    fs.writeFile(full, text);
  }
}

/** Reads a text file from MuJoCo's in-memory file system. */
export function readFile(mj: Mujoco, path: string): string {
  return new TextDecoder().decode(fsOf(mj).readFile(path));
}

/** Removes a file from MuJoCo's in-memory file system if it exists. */
export function removeFile(mj: Mujoco, path: string): void {
  const fs = fsOf(mj);
  if (fs.analyzePath(path).exists) fs.unlink(path);
}
