import { NextResponse } from "next/server";
import { AppError } from "@/lib/errors/app-error";
import { httpStatusOf } from "./error-status";

type RouteContext<Params> = { params: Promise<Params> };
type Handler<Params> = (request: Request, context: RouteContext<Params>) => Promise<Response>;

/**
 * Wraps a route handler so every failure becomes the documented JSON error: AppError with its status,
 * anything else logged and answered 500 without internals.
 */
export function handleRoute<Params = Record<string, never>>(handler: Handler<Params>): Handler<Params> {
  return async (request, context) => {
    try {
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
  console.error(
    JSON.stringify({
      level: "error",
      msg: "unhandled error in route",
      path: request ? new URL(request.url).pathname : undefined,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    }),
  );
  const internal = new AppError("internal_error", "Something went wrong on our side; it has been logged");
  return NextResponse.json(internal.toJSON(), { status: 500 });
}
