import type { Context } from "hono";
import type { z } from "zod";
import {
  AuthError,
  httpStatusOf,
  InvalidValueError,
  KinitroError,
  ValidationError,
} from "../../errors/mod.ts";
import type { AppEnv } from "./_env.ts";

/** Renders any error as the JSON envelope; unknown errors become a bare 500. */
export function renderError(c: Context<AppEnv>, err: unknown): Response {
  const requestId = c.get("requestId") ?? "unknown";
  const status = httpStatusOf(err);
  const known = err instanceof KinitroError && status !== 500;
  if (!known) {
    c.get("deps")?.log.error("Request failed", {
      requestId,
      method: c.req.method,
      path: c.req.path,
      err,
      stack: err instanceof Error ? err.stack : undefined,
    });
  }
  const body: {
    error: { code: string; message: string; details?: unknown; request_id: string };
  } = {
    error: known
      ? { code: err.code, message: err.message, request_id: requestId }
      : { code: "internal", message: "Internal server error", request_id: requestId },
  };
  if (known && err instanceof ValidationError && err.details.length > 0) {
    body.error.details = err.details;
  }
  const headers: Record<string, string> = {};
  if (err instanceof AuthError && err.status === 401) headers["WWW-Authenticate"] = "Bearer";
  return c.json(body, status as 400, headers);
}

const VALUE_ISSUES = new Set(["too_big", "too_small", "not_multiple_of", "custom"]);

/** A well-typed value outside its bounds or content rules (not finite counts as one). */
function isValueIssue(issue: z.core.$ZodIssue): boolean {
  if (VALUE_ISSUES.has(issue.code)) return true;
  const received = (issue as { received?: unknown }).received;
  return issue.code === "invalid_type" && /^-?Infinity$|^NaN$/.test(String(received));
}

/**
 * Turns zod issues into a {@link ValidationError} (400 `invalid_request`: wrong shape or type)
 * or, when every issue is a value out of its documented bounds, an {@link InvalidValueError}
 * (422 `invalid_value`); `details: [{path, message}]` either way.
 */
export function toValidationError(what: string, error: z.ZodError): ValidationError {
  const details = error.issues.map((i) => ({
    path: i.path.map(String).join(".") || "(root)",
    message: i.message,
  }));
  const first = details[0];
  const message = `Cannot accept ${what}: ${
    first.path === "(root)" ? "" : `"${first.path}" `
  }${first.message}`;
  return error.issues.every(isValueIssue)
    ? new InvalidValueError(message, details)
    : new ValidationError(message, details);
}

/** Reads and validates a JSON body. @throws {ValidationError} */
export async function readJson<S extends z.ZodType>(
  c: Context<AppEnv>,
  schema: S,
): Promise<z.output<S>> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch (err) {
    if (err instanceof KinitroError) throw err;
    throw new ValidationError("Cannot accept request body: it is not valid JSON", [], {
      cause: err,
    });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw toValidationError("request body", parsed.error);
  return parsed.data;
}

/** Parses a non-negative integer path or query parameter. @throws {ValidationError} */
export function intParam(name: string, value: string | undefined): number {
  if (value === undefined || !/^\d{1,15}$/.test(value)) {
    throw new ValidationError(`Cannot accept "${name}": "${value}" is not a non-negative integer`, [
      { path: name, message: "Must be a non-negative integer" },
    ]);
  }
  return Number(value);
}

/**
 * Reads and validates a request's query string: every parameter at most once, unknown ones
 * refused (strict schemas), values as strings for the schema to coerce.
 * @throws {ValidationError}
 */
export function parseQuery<S extends z.ZodType>(c: Context<AppEnv>, schema: S): z.output<S> {
  const raw: Record<string, string> = {};
  for (const [key, values] of Object.entries(c.req.queries())) {
    if (values.length > 1) {
      throw new ValidationError(`Cannot accept query: "${key}" is given more than once`, [
        { path: key, message: "Must be given at most once" },
      ]);
    }
    raw[key] = values[0];
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw toValidationError("query", parsed.error);
  return parsed.data;
}
