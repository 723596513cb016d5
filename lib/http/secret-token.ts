import "server-only";
import { createHash, randomBytes } from "node:crypto";

/** A token for a link or a cookie: 32 random bytes, base64url (43 characters). */
export function newSecretToken(): string {
  return randomBytes(32).toString("base64url");
}

/** What is stored of a token: its SHA-256 in hex, so a copy of the database opens nothing. */
export function hashSecretToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
