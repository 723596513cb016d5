import "server-only";
import { randomUUID } from "node:crypto";
import { NextResponse } from "next/server";
import { log } from "@/lib/log";
import { AppError } from "@/lib/errors/app-error";
import { httpStatusOf } from "./error-status";
import { assertStorableText } from "./storable-text";

type RouteContext<Params> = { params: Promise<Params> };
type Handler<Params> = (request: Request, context: RouteContext<Params>) => Promise<Response>;

/**
 * Wraps a route handler so every failure becomes the documented JSON error: AppError with its status,
 * anything else logged and answered 500 without internals.
 */
export function handleRoute<Params = Record<string, never>>(handler: Handler<Params>): Handler<Params> {
  return async (request, context) => {
    try {
      refuseCrossSiteChange(request);
      // Path segments are request strings too.
      if (context?.params) assertStorableText(await context.params);
      return await handler(request, context);
    } catch (error) {
      return errorResponse(error, request);
    }
  };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * A change (POST, PUT, PATCH, DELETE) sent by a browser from another site is refused: the browser says so in
 * Sec-Fetch-Site, or its Origin names another host than the one it is sent to. Requests without either
 * (curl, servers, the cron) are not a browser riding on someone's cookie and pass.
 */
function refuseCrossSiteChange(request: Request): void {
  if (SAFE_METHODS.has(request.method)) return;
  const fetchSite = request.headers.get("sec-fetch-site");
  const origin = request.headers.get("origin");
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host") ?? new URL(request.url).host;
  let foreignOrigin = false;
  if (origin) {
    try {
      foreignOrigin = new URL(origin).host !== host;
    } catch {
      foreignOrigin = true; // "null" (a sandboxed frame, a file) or garbage
    }
  }
  if (fetchSite === "cross-site" || foreignOrigin) {
    throw new AppError("forbidden", "Cross-site requests cannot change anything here");
  }
}

export function errorResponse(error: unknown, request?: Request): Response {
  if (error instanceof AppError) {
    return NextResponse.json(error.toJSON(), { status: httpStatusOf(error), headers: error.headers });
  }
  // The request id (Vercel's, else a new one) goes to the log and to the caller, so a report can be matched.
  const requestId = request?.headers.get("x-vercel-id") ?? randomUUID();
  log.error({ request_id: requestId, path: request ? new URL(request.url).pathname : undefined, err: error }, "unhandled error in route");
  const internal = new AppError("internal_error", `Something went wrong on our side; it has been logged (request ${requestId})`);
  return NextResponse.json(internal.toJSON(), { status: 500, headers: { "x-request-id": requestId } });
}
