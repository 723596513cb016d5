import { z } from "zod";

/** The token at the end of an emailed link (an invitation, an address confirmation): 32 random bytes, base64url. */
export const linkTokenSchema = z.object({
  token: z.string({ error: "token is required" }).regex(/^[A-Za-z0-9_-]{20,100}$/, "token is not a link's token"),
});
