import { AppError } from "@/lib/errors/app-error";
import { httpStatusOf } from "@/lib/http/error-status";

/**
 * The AppError `work` rejects with, and the HTTP status the API answers it with; fails the test if it
 * resolves or rejects with anything else.
 */
export async function appErrorOf(work: Promise<unknown>): Promise<AppError & { status: number }> {
  try {
    await work;
  } catch (error) {
    if (error instanceof AppError) return Object.assign(error, { status: httpStatusOf(error) });
    throw error;
  }
  throw new Error("expected the call to fail with an AppError, but it succeeded");
}
