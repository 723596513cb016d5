import "server-only";
import { notFound } from "next/navigation";
import { AppError } from "@/lib/errors/app-error";

/** In a page, a missing (or someone else's) row is the 404 page, like the API's 404. */
export async function orNotFound<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
}
