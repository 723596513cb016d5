import { z } from "zod";

export const uuidSchema = z.uuid();

/** Ids come from the URL: anything that is not a UUID cannot name a row, so it is simply not found. */
export function isUuid(value: string): boolean {
  return uuidSchema.safeParse(value).success;
}
