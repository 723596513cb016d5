import { AppError } from "@/lib/http/app-error";

/** The AppError `work` rejects with; fails the test if it resolves or rejects with anything else. */
export async function appErrorOf(work: Promise<unknown>): Promise<AppError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected the call to fail with an AppError, but it succeeded");
}
