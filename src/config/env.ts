import { parse } from "dotenv";
import { ConfigError } from "../errors/mod.ts";

/** The process environment and the parsed `.env` file. */
export interface Environment {
  env: Record<string, string>;
  dotenv: Record<string, string>;
}

/**
 * Reads the process environment and a `.env` file: `envFile` when given (a missing
 * explicit file is a {@link ConfigError}), else `./.env` when it exists.
 */
export async function readEnvironment(envFile?: string): Promise<Environment> {
  const env = Deno.env.toObject();
  const path = envFile ?? ".env";
  let text: string | undefined;
  try {
    text = await Deno.readTextFile(path);
  } catch (err) {
    if (envFile !== undefined) {
      throw new ConfigError(`Cannot read env file "${envFile}": ${(err as Error).message}`, [], {
        cause: err,
      });
    }
  }
  return { env, dotenv: text === undefined ? {} : parse(text) };
}
