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
      // Path segments are request strings too.
      if (context?.params) assertStorableText(await context.params);
      return await handler(request, context);
    } catch (error) {
      return errorResponse(error, request);
    }
  };
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
