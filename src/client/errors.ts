import {
  AuthError,
  ConflictError,
  type ErrorCode,
  KinitroError,
  NotFoundError,
  PayloadTooLargeError,
  UpstreamError,
  ValidationError,
} from "../errors/mod.ts";
import { ErrorEnvelopeSchema } from "../core/wire/mod.ts";

/** The request id of the failed call, when the API sent one. */
export interface ApiErrorInfo {
  requestId?: string;
  status: number;
}

/**
 * Turns a non-2xx response into the {@link KinitroError} the server threw: the envelope's
 * code picks the class; a body that is not an envelope becomes an {@link UpstreamError}.
 */
export async function errorFromResponse(res: Response, what: string): Promise<KinitroError> {
  let raw: unknown;
  try {
    raw = await res.json();
  } catch {
    raw = undefined;
  }
  const parsed = ErrorEnvelopeSchema.safeParse(raw);
  if (!parsed.success) {
    return new UpstreamError(`Cannot ${what}: API answered ${res.status} without an error body`);
  }
  const { code, message, details, request_id: requestId } = parsed.data.error;
  const text = `Cannot ${what}: ${message} (request ${requestId})`;
  let err: KinitroError;
  switch (code) {
    case "invalid_request":
    case "invalid_value":
      err = new ValidationError(text, details ?? [], undefined, code);
      break;
    case "unauthorized":
      err = new AuthError(text, 401);
      break;
    case "forbidden":
      err = new AuthError(text, 403);
      break;
    case "not_found":
      err = new NotFoundError(text);
      break;
    case "conflict":
      err = new ConflictError(text);
      break;
    case "payload_too_large":
      err = new PayloadTooLargeError(text);
      break;
    case "upstream_unavailable":
    case "dependency_unavailable":
      err = new UpstreamError(text);
      break;
    default:
      err = new KinitroError(code as ErrorCode, text);
  }
  Object.assign(err, { requestId, status: res.status } satisfies ApiErrorInfo);
  return err;
}
